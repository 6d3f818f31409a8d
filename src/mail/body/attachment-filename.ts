/** File name extensions for the content types mail commonly carries without a file name. */
const EXTENSIONS: Readonly<Record<string, string>> = {
  'application/pdf': 'pdf',
  'application/zip': 'zip',
  'application/json': 'json',
  'application/xml': 'xml',
  'application/msword': 'doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/ms-tnef': 'dat',
  'application/pgp-signature': 'asc',
  'application/pkcs7-signature': 'p7s',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/bmp': 'bmp',
  'image/tiff': 'tif',
  'image/svg+xml': 'svg',
  'text/plain': 'txt',
  'text/html': 'html',
  'text/csv': 'csv',
  'text/calendar': 'ics',
  'text/rfc822-headers': 'txt',
  'message/rfc822': 'eml',
  'message/delivery-status': 'txt',
  'message/disposition-notification': 'txt',
};

/**
 * The file name an attachment is stored under: the one the mail gave, reduced to its last path
 * segment and stripped of control characters (a name is data from the sender, never a path), or
 * `attachment-<position>.<ext>` from the content type when the mail gave none.
 */
export function attachmentFilename(given: string | undefined, contentType: string, position: number): string {
  const name = (given ?? '')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
    .replace(/[\x00-\x1f\x7f]/g, '')
    .split(/[/\\]/)
    .pop()
    ?.trim();
  if (name !== undefined && name !== '' && name !== '.' && name !== '..') return name;
  return `attachment-${position}.${EXTENSIONS[contentType] ?? 'bin'}`;
}
