import type { MailAttachment } from '../../mail/index.js';

/**
 * Image types both helpdesks turn from a `data:` URL into an inline attachment (Zammad's
 * `HtmlSanitizer.replace_inline_images` matches `image/\w+`) and popdesk's sanitiser keeps.
 */
const INLINE_TYPES = /^image\/(?:png|gif|jpe?g|webp|bmp)$/;

const CID_SOURCE = /(<img\b[^>]*?\ssrc\s*=\s*)(["'])cid:([^"']+)\2/gi;

/** An HTML body with its `cid:` images made self-contained, and the attachments still to send. */
export interface InlinedBody {
  readonly html: string;
  readonly attachments: readonly MailAttachment[];
}

/**
 * Replaces `<img src="cid:...">` references to inline image parts with `data:` URLs and drops
 * those parts from the attachment list. Neither Zammad's article API (filename, data, mime-type)
 * nor osTicket's JSON API (name and data URL) carries a Content-ID, so a `cid:` reference would
 * show a broken image. Both take embedded images instead: "Zammad supports inline images in
 * article bodies, use data URIs" (docs.zammad.org api/ticket/articles), and osTicket's
 * `ThreadEntry::create` stores `<img src="data:...">` as inline attachments (include/class.thread.php).
 * Pure.
 */
export function inlineCidImages(html: string, attachments: readonly MailAttachment[]): InlinedBody {
  const byContentId = new Map<string, MailAttachment>();
  for (const attachment of attachments) {
    if (attachment.contentId !== undefined && INLINE_TYPES.test(attachment.contentType)) {
      byContentId.set(attachment.contentId.toLowerCase(), attachment);
    }
  }
  if (byContentId.size === 0) return { html, attachments };

  const used = new Set<MailAttachment>();
  const inlined = html.replace(CID_SOURCE, (whole, prefix: string, quote: string, cid: string) => {
    const attachment = byContentId.get(decodeCid(cid).toLowerCase());
    if (attachment === undefined) return whole;
    used.add(attachment);
    const url = `data:${attachment.contentType};base64,${attachment.content.toString('base64')}`;
    return `${prefix}${quote}${url}${quote}`;
  });
  return { html: inlined, attachments: attachments.filter((attachment) => !used.has(attachment)) };
}

/** A `cid:` URL is %-encoded (RFC 2392 section 2); a stray `%` leaves it as written. */
function decodeCid(cid: string): string {
  try {
    return decodeURIComponent(cid);
  } catch {
    return cid;
  }
}
