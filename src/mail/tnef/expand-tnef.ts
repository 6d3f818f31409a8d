import type { RawAttachment } from '../body/mail-body.js';
import { readTnef, type TnefContent } from './read-tnef.js';
import { TnefFormatError } from './tnef-format-error.js';

const TNEF_TYPES = new Set(['application/ms-tnef', 'application/vnd.ms-tnef']);

/**
 * Replaces each TNEF attachment (`application/ms-tnef`, or any part named `winmail.dat`) by the
 * files it carries, plus its RTF body as `body.rtf` (or, without one, its HTML body as
 * `body.html`). Pure. A stream that fails to decode, or that carries nothing, stays as it came,
 * with a `problems` entry when it failed: the agent can still open it with a TNEF viewer.
 */
export function expandTnef(attachments: readonly RawAttachment[], problems: string[]): RawAttachment[] {
  return attachments.flatMap((attachment) => {
    if (!isTnef(attachment)) return [attachment];
    let content: TnefContent;
    try {
      content = readTnef(attachment.content);
    } catch (error) {
      if (!(error instanceof TnefFormatError)) throw error;
      problems.push(
        `TNEF attachment ${attachment.filename ?? '(unnamed)'} could not be decoded (${error.message}): kept as it came`,
      );
      return [attachment];
    }
    const expanded = tnefAttachments(content);
    return expanded.length === 0 ? [attachment] : expanded;
  });
}

function isTnef(attachment: RawAttachment): boolean {
  return (
    TNEF_TYPES.has(attachment.contentType.trim().toLowerCase()) ||
    attachment.filename?.trim().toLowerCase() === 'winmail.dat'
  );
}

function tnefAttachments(content: TnefContent): RawAttachment[] {
  const files: RawAttachment[] = content.files.map((file) => ({
    filename: file.filename,
    contentType: file.contentType ?? 'application/octet-stream',
    contentId: undefined,
    inline: false,
    content: file.content,
  }));
  if (content.rtfBody !== undefined) files.push(body('body.rtf', 'text/rtf', content.rtfBody));
  if (content.htmlBody !== undefined) files.push(body('body.html', 'text/html', content.htmlBody));
  return files;
}

function body(filename: string, contentType: string, content: Buffer): RawAttachment {
  return { filename, contentType, contentId: undefined, inline: false, content };
}
