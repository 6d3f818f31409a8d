/**
 * A handful of messages that trip naive POP3 clients: 8-bit latin1, lines starting with dots
 * (one that is a lone dot), NUL bytes, a bare LF, a base64 attachment. Each ends in CRLF, as a
 * POP3 server would send it.
 */
export function sampleMessages(): Buffer[] {
  const attachment = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7) % 256))
    .toString('base64')
    .replace(/.{76}/g, '$&\r\n');
  return [
    Buffer.from(
      'From: Renée <renee@example.fr>\r\nTo: support@example.com\r\nSubject: Problème de facture\r\n' +
        'Content-Type: text/plain; charset=ISO-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\n' +
        'Bonjour, ma facture est erronée.\r\n.\r\n..\r\n.signature\r\n',
      'latin1',
    ),
    Buffer.concat([
      Buffer.from('From: bin@example.com\r\nSubject: raw bytes\r\n\r\nNUL here:'),
      Buffer.from([0x00, 0xff, 0xfe, 0x80]),
      Buffer.from(' and a bare\nLF and bare\rCR\r\n'),
    ]),
    Buffer.from(
      'From: files@example.com\r\nSubject: attachment\r\nMIME-Version: 1.0\r\n' +
        'Content-Type: multipart/mixed; boundary="b1"\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n' +
        '--b1\r\nContent-Type: application/octet-stream; name="data.bin"\r\nContent-Transfer-Encoding: base64\r\n\r\n' +
        `${attachment}\r\n--b1--\r\n`,
      'latin1',
    ),
  ];
}
