import { expect, test } from 'vitest';
import { attachmentFilename } from '../../../../src/mail/body/attachment-filename.js';

test.each([
  ['invoice.pdf', 'application/pdf', 1, 'invoice.pdf'],
  [undefined, 'application/pdf', 2, 'attachment-2.pdf'],
  [undefined, 'image/jpeg', 1, 'attachment-1.jpg'],
  [undefined, 'message/rfc822', 3, 'attachment-3.eml'],
  [undefined, 'application/x-unheard-of', 4, 'attachment-4.bin'],
  ['  ', 'text/plain', 1, 'attachment-1.txt'],
  ['../../etc/passwd', 'text/plain', 1, 'passwd'],
  ['C:\\Users\\renee\\facture.pdf', 'application/pdf', 1, 'facture.pdf'],
  ['evil\r\nname.txt', 'text/plain', 1, 'evilname.txt'],
  ['..', 'text/plain', 5, 'attachment-5.txt'],
  ['dir/', 'application/pdf', 6, 'attachment-6.pdf'],
])('%j as %s', (given, contentType, position, expected) => {
  expect(attachmentFilename(given, contentType, position)).toBe(expected);
});
