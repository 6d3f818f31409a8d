import { expect, test } from 'vitest';
import { readMailBody } from '../../../../src/mail/body/read-mail-body.js';

const latin1 = (text: string) => Buffer.from(text.replace(/\n/g, '\r\n'), 'latin1');

test('every text part goes through the charset fallbacks, embedded messages included', async () => {
  const raw = latin1(`From: a@example.com
Subject: parts
Content-Type: multipart/mixed; boundary=outer

--outer
Content-Type: multipart/alternative; boundary=alt

--alt
Content-Type: text/plain

Text part: Ren\xe9e
--alt
Content-Type: text/html; charset=x-bogus

<p>HTML part: Ren\xe9e</p>
--alt--
--outer
Content-Type: message/rfc822
Content-Disposition: inline

From: b@example.com
Subject: inner
Content-Type: text/plain; charset=us-ascii

Inner part: No\xebl
--outer--
`);
  const problems: string[] = [];
  const body = await readMailBody(raw, problems);
  expect(body.text).toContain('Text part: Renée');
  expect(body.text).toContain('Inner part: Noël');
  expect(body.html).toContain('<p>HTML part: Renée</p>');
  expect(problems).toEqual([
    'text/plain part: no charset declared and not valid UTF-8: decoded as windows-1252',
    'text/html part: unknown charset "x-bogus" and not valid UTF-8: decoded as windows-1252',
    'text/plain part: declared "us-ascii" but has 8-bit bytes and not valid UTF-8: decoded as windows-1252',
  ]);
});

test('text attachments keep their bytes undecoded', async () => {
  const raw = latin1(`From: a@example.com
Content-Type: multipart/mixed; boundary=b

--b
Content-Type: text/plain; charset=utf-8

see attached
--b
Content-Type: text/csv; charset=iso-8859-1
Content-Disposition: attachment; filename="orders.csv"

id;name
1;Ren\xe9e
--b--
`);
  const body = await readMailBody(raw, []);
  expect(body.attachments).toHaveLength(1);
  expect(body.attachments[0]).toMatchObject({
    filename: 'orders.csv',
    contentType: 'text/csv',
    inline: false,
  });
  expect(body.attachments[0]!.content.includes(Buffer.from('Ren\xe9e', 'latin1'))).toBe(true);
});

test('a part with an empty Content-Type header is an octet-stream attachment', async () => {
  const raw = latin1(
    'From: a@example.com\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type:\n\nxyz\n--b--\n',
  );
  const body = await readMailBody(raw, []);
  expect(body.attachments.map((a) => a.contentType)).toEqual(['application/octet-stream']);
});
