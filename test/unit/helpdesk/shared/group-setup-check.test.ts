import { expect, test } from 'vitest';
import { groupSetupChecks, readGroups } from '../../../../src/helpdesk/shared/group-setup-check.js';

const known = readGroups([{ id: 1, name: 'Users' }, { id: 7, name: 'Billing' }, { id: 'x' }, null]);

test('reads id and name of each group record, skipping what is not one', () => {
  expect(known).toEqual([
    { id: '1', name: 'Users' },
    { id: '7', name: 'Billing' },
  ]);
  expect(readGroups({ not: 'a list' })).toEqual([]);
});

test('Zammad groups are matched by name, without regard to case; each target once', () => {
  const checks = groupSetupChecks('Zammad', ['users', 'Users', 'Sales'], known, 'name');
  expect(checks.map((check) => [check.what, check.ok])).toEqual([
    ['group users', true],
    ['group Users', true],
    ['group Sales', false],
  ]);
  expect(checks[2]?.detail).toBe("Zammad has no group named Sales that popdesk's user can see");
});

test('Freshdesk and Zendesk groups are matched by id, and a miss says routes name groups by number', () => {
  const [found, missing] = groupSetupChecks('Freshdesk', ['7', 'Billing'], known, 'id');
  expect(found).toMatchObject({ ok: true, detail: 'exists (Billing, id 7)' });
  expect(missing).toMatchObject({ ok: false });
  expect(missing?.fix).toContain('by number');
});
