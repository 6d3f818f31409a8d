import { describe, expect, test } from 'vitest';
import { formatAddress } from '../../../../src/mail/index.js';

describe('formatAddress, always quoted (RT)', () => {
  test.each([
    [{ address: 'a@x.org', name: '' }, 'a@x.org'],
    [{ address: 'a@x.org', name: '  ' }, 'a@x.org'],
    [{ address: 'a@x.org', name: 'Ann Lee' }, '"Ann Lee" <a@x.org>'],
    [{ address: 'a@x.org', name: 'Lee, Ann' }, '"Lee, Ann" <a@x.org>'],
    [{ address: 'a@x.org', name: 'A "the" \\ B' }, '"A \\"the\\" \\\\ B" <a@x.org>'],
    [{ address: 'a@x.org', name: 'Evil\r\nBcc: x@y' }, '"Evil  Bcc: x@y" <a@x.org>'],
  ])('%j is %s', (entry, expected) => {
    expect(formatAddress(entry, 'always')).toBe(expected);
  });
});

describe('formatAddress, quoted when needed (Zammad)', () => {
  test.each([
    { name: '', address: 'a@example.com', expected: 'a@example.com' },
    { name: 'Renée Martin', address: 'r@example.fr', expected: 'Renée Martin <r@example.fr>' },
    { name: 'Mitchell, Sarah', address: 's@example.com', expected: '"Mitchell, Sarah" <s@example.com>' },
    { name: 'Say "hi"', address: 'h@example.com', expected: '"Say \\"hi\\"" <h@example.com>' },
    { name: 'J. R. Smith', address: 'j@example.com', expected: 'J. R. Smith <j@example.com>' },
  ])('"$name" <$address>', ({ name, address, expected }) => {
    expect(formatAddress({ name, address }, 'when-needed')).toBe(expected);
  });
});
