import { describe, expect, test } from 'vitest';
import { encodeEightBitHeaders } from '../../../../src/helpdesk/osticket/encode-eight-bit-headers.js';
import { parseMail } from '../../../../src/mail/parse-mail.js';

/** A mail from an old client: Latin-1 bytes in Subject and From, no charset declared anywhere. */
const LATIN1_MAIL = Buffer.concat([
  Buffer.from('Return-Path: <jose@example.com>\r\nFrom: ', 'latin1'),
  Buffer.from('José Müller <jose@example.com>', 'latin1'),
  Buffer.from('\r\nTo: support@example.com\r\nSubject: ', 'latin1'),
  Buffer.from('Réclamation über die Rechnung für März, bitte prüfen Sie das schnellstmöglich', 'latin1'),
  Buffer.from('\r\nX-Note: ', 'latin1'),
  Buffer.from('bücher', 'latin1'),
  Buffer.from('\r\nMessage-ID: <latin1@example.com>\r\n\r\nBody with \xe9 stays.\r\n', 'latin1'),
]);

describe('8-bit headers re-encoded for osTicket', () => {
  test('Subject and From become UTF-8 encoded words that read back as popdesk decoded them', async () => {
    const mail = await parseMail(LATIN1_MAIL);
    const encoded = encodeEightBitHeaders(LATIN1_MAIL, mail);
    const reread = await parseMail(encoded);
    expect(reread.subject).toBe(
      'Réclamation über die Rechnung für März, bitte prüfen Sie das schnellstmöglich',
    );
    expect(reread.from).toEqual({ name: 'José Müller', address: 'jose@example.com' });
    const header = encoded.subarray(0, encoded.indexOf('\r\n\r\n')).toString('latin1');
    expect(header).toMatch(/^Subject: =\?UTF-8\?B\?/m);
    // Folded, every line within RFC 5322's 78 characters.
    for (const line of header.split('\r\n')) expect(line.length).toBeLessThanOrEqual(78);
  });

  test('everything else stays byte for byte: other fields, their order, the body', async () => {
    const encoded = encodeEightBitHeaders(LATIN1_MAIL, await parseMail(LATIN1_MAIL));
    const text = encoded.toString('latin1');
    expect(text.startsWith('Return-Path: <jose@example.com>\r\nFrom: ')).toBe(true);
    expect(text).toContain('\r\nTo: support@example.com\r\n');
    expect(encoded.includes(Buffer.from('\r\nX-Note: bücher\r\n', 'latin1'))).toBe(true);
    expect(encoded.subarray(encoded.indexOf('\r\n\r\n'))).toEqual(
      LATIN1_MAIL.subarray(LATIN1_MAIL.indexOf('\r\n\r\n')),
    );
  });

  test('a mail with ASCII or UTF-8 headers is returned untouched', async () => {
    for (const raw of [
      Buffer.from('From: a@example.com\r\nSubject: =?UTF-8?Q?Caf=C3=A9?=\r\n\r\nx\r\n'),
      Buffer.from('From: a@example.com\r\nSubject: Café in raw UTF-8\r\n\r\nx\r\n', 'utf8'),
    ]) {
      expect(encodeEightBitHeaders(raw, await parseMail(raw))).toBe(raw);
    }
  });
});
