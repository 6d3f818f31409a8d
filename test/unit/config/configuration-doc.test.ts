import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { helpdeskSchema } from '../../../src/config/helpdesk-schema.js';
import { listSettingKeys } from '../../../src/config/setting-keys.js';

const DOC = readFileSync(fileURLToPath(new URL('../../../docs/configuration.md', import.meta.url)), 'utf8');

/** The text of `#### \`type: <type>\`` up to the next heading of that level or above. */
function section(type: string): string {
  const start = DOC.indexOf(`#### \`type: ${type}\``);
  if (start < 0) return '';
  const end = DOC.slice(start + 1).search(/\n#{2,4} /);
  return end < 0 ? DOC.slice(start) : DOC.slice(start, start + 1 + end);
}

/** Each helpdesk member's `type` and the dotted paths of its keys. */
const members = helpdeskSchema.options.map((member) => ({
  type: member.shape.type.value,
  // A list's items (`closedStatuses.*`) are documented with the list.
  keys: listSettingKeys(member).map((key) => key.path.filter((segment) => segment !== '*').join('.')),
}));

describe('docs/configuration.md', () => {
  test('documents all six helpdesk types', () => {
    expect(members.map((member) => member.type).sort()).toEqual([
      'freshdesk',
      'osticket',
      'rt',
      'webhook',
      'zammad',
      'zendesk',
    ]);
  });

  test.each(members)('documents every key of helpdesk type $type in its table', ({ type, keys }) => {
    const text = section(type);
    expect(text).not.toBe('');
    const missing = keys.filter((key) => !text.includes(`| \`${key}\``));
    expect(missing).toEqual([]);
  });

  test('documents log.format', () => {
    expect(DOC).toContain('| `format` |');
  });
});
