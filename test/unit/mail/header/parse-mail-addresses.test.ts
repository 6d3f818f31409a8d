import { expect, test } from 'vitest';
import { parseMailAddresses } from '../../../../src/mail/header/parse-mail-addresses.js';

test.each([
  ['Jonas.Mueller@Example.DE', [{ address: 'jonas.mueller@example.de', name: '' }]],
  ['"Mitchell, Sarah" <Sarah@Example.com>', [{ address: 'sarah@example.com', name: 'Mitchell, Sarah' }]],
  ['=?ISO-8859-1?Q?Ren=E9e?= <r@example.fr>', [{ address: 'r@example.fr', name: 'Renée' }]],
  ['"=?utf-8?Q?Herv=C3=A9?=" <h@example.fr>', [{ address: 'h@example.fr', name: 'Hervé' }]],
  ['=?x-unknown?Q?Ren=E9e?= <r@example.fr>', [{ address: 'r@example.fr', name: 'Renée' }]],
  ['Renée Fontaine <r@example.fr>', [{ address: 'r@example.fr', name: 'Renée Fontaine' }]],
  ['root@host (Cron Daemon)', [{ address: 'root@host', name: 'Cron Daemon' }]],
  [
    'Team: a@x.org, "B" <b@x.org>;, c@y.org',
    [
      { address: 'a@x.org', name: '' },
      { address: 'b@x.org', name: 'B' },
      { address: 'c@y.org', name: '' },
    ],
  ],
  ['undisclosed-recipients:;', []],
  ['', []],
  ['Kim <kim@xn--mller-kva.example>', [{ address: 'kim@xn--mller-kva.example', name: 'Kim' }]],
])('%j', (value, expected) => {
  expect(parseMailAddresses(value)).toEqual(expected);
});
