import type { AttachmentStream, MailParserOptions, MessageText } from 'mailparser';
import { EmbeddedHeaderParser } from './embedded-header-parser.js';
import type { MailBody, RawAttachment } from './mail-body.js';

const PARSER_OPTIONS: MailParserOptions = {
  // popdesk derives text from HTML itself (readable tables and links) and keeps cid: links as
  // they are; the helpdesk adapters resolve them against the attachments.
  skipHtmlToText: true,
  skipTextToHtml: true,
  skipImageLinks: true,
  // Attachments are hashed with SHA-256 by popdesk; mailparser's MD5 would be wasted work.
  checksumAlgo: false,
};

/**
 * Parses the MIME structure of a raw message with mailparser: text and HTML parts (charsets
 * decoded by `CharsetRepairingParser`) and attachments, buffered. A text part with a file name is
 * both body and attachment (`TextFileParser`); the header of a mail embedded inline is kept
 * (`EmbeddedHeaderParser`). Rejects when mailparser fails
 * (a header block over 1 MB, more than 1000 parts, a stream error); charset fallbacks are added
 * to `problems`.
 */
export function readMailBody(raw: Buffer, problems: string[]): Promise<MailBody> {
  return new Promise((resolve, reject) => {
    const attachments: RawAttachment[] = [];
    const parser = new EmbeddedHeaderParser(PARSER_OPTIONS, problems, (file) => attachments.push(file));
    let text = '';
    let html: string | undefined;
    // `on`, not `once`: mailparser may emit more than one error, and an unhandled one would crash.
    parser.on('error', reject);
    parser.on('data', (data: AttachmentStream | MessageText) => {
      if (data.type === 'text') {
        text = data.text ?? '';
        html = data.html || undefined;
        return;
      }
      const chunks: Buffer[] = [];
      data.content.on('error', reject);
      data.content.on('data', (chunk: Buffer) => chunks.push(chunk));
      data.content.on('end', () => {
        attachments.push(toRawAttachment(data, Buffer.concat(chunks)));
        data.release?.();
      });
    });
    parser.on('end', () => {
      const embeddedHeader = parser.embeddedHeader;
      resolve({ text, html, attachments, ...(embeddedHeader !== undefined && { embeddedHeader }) });
    });
    parser.end(raw);
  });
}

function toRawAttachment(data: AttachmentStream, content: Buffer): RawAttachment {
  const contentId = data.cid?.trim() || undefined;
  return {
    filename: typeof data.filename === 'string' && data.filename !== '' ? data.filename : undefined,
    // A part whose Content-Type header is empty gets `false` here, whatever the typings say.
    contentType:
      typeof data.contentType === 'string' && data.contentType !== ''
        ? data.contentType
        : 'application/octet-stream',
    contentId,
    // An image referenced from multipart/related HTML is shown in the body even when its part
    // carries no Content-Disposition.
    inline:
      data.contentDisposition === 'inline' ||
      (data.related === true && contentId !== undefined && data.contentDisposition === undefined),
    content,
  };
}
