import type { InboundMail } from '../../mail/index.js';
import { originalHeadersFile } from '../shared/ticket-files.js';
import type { EmbeddedImage } from './rt-inline-images.js';

/** One entry of REST2's `Attachments` array (RT::REST2, "Add Attachments"). */
export interface RtAttachment {
  readonly FileName: string;
  readonly FileType: string;
  /** Base64 of the bytes. */
  readonly FileContent: string;
}

/**
 * Everything popdesk attaches to a ticket or reply: the mail's attachments (inline `cid:` images
 * too), the images that were `data:` URLs in the HTML, and `original-headers.txt` with the raw
 * header block of the message. Empty files are left out: REST2 refuses an attachment whose
 * `FileContent` is empty (400), and it would fail the whole mail. Pure.
 */
export function rtAttachments(
  mail: InboundMail,
  raw: Buffer,
  embedded: readonly EmbeddedImage[],
): RtAttachment[] {
  const files = [
    ...mail.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: a.content,
    })),
    ...embedded,
    originalHeadersFile(raw),
  ];
  return files
    .filter((file) => file.content.length > 0)
    .map((file) => ({
      FileName: rtFileName(file.filename),
      FileType: file.contentType === '' ? 'application/octet-stream' : file.contentType,
      FileContent: file.content.toString('base64'),
    }));
}

/**
 * A file name as REST2 must be given it to store it right. REST2 passes `FileName` into the MIME
 * part's header as it came out of the JSON, and RT reads that header back as UTF-8 bytes
 * (`RT::Util::mime_recommended_filename`): non-ASCII characters sent as such come back as U+FFFD
 * (verified on RT 5.0.3: `ü.txt` became `\uFFFD.txt`), and RFC 2047 words are stored undecoded
 * on create. Sending each UTF-8 byte as one character (U+0000-U+00FF) makes the header hold the
 * UTF-8 bytes, which RT decodes into the original name, on create and on correspond alike.
 * `0`, which Perl reads as false and REST2 rejects as a missing name, becomes `0_`; control
 * characters become `_`. Pure.
 */
export function rtFileName(filename: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this removes
  const clean = filename.replace(/[\u0000-\u001f\u007f]/g, '_');
  const name = clean === '' ? 'attachment' : clean === '0' ? '0_' : clean;
  return Buffer.from(name, 'utf8').toString('latin1');
}
