import { createHash } from 'node:crypto';
import type { MailAttachment } from '../inbound-mail.js';
import { attachmentFilename } from './attachment-filename.js';
import type { RawAttachment } from './mail-body.js';

/** Turns a parsed attachment into the `MailAttachment` popdesk hands on: named, typed, hashed. */
export function createMailAttachment(raw: RawAttachment, position: number): MailAttachment {
  const contentType = raw.contentType.trim().toLowerCase() || 'application/octet-stream';
  return {
    filename: attachmentFilename(raw.filename, contentType, position),
    contentType,
    contentId: raw.contentId?.replace(/^<|>$/g, '').trim() || undefined,
    inline: raw.inline,
    size: raw.content.length,
    sha256: createHash('sha256').update(raw.content).digest('hex'),
    content: raw.content,
  };
}
