import { createMailAttachment } from './body/create-mail-attachment.js';
import type { InboundMail, MailAttachment } from './inbound-mail.js';
import { stripQuotedHistory } from './strip-quoted-history.js';

/**
 * The mail as it is added to an existing ticket: `text` holds only what the writer typed
 * ({@link stripQuotedHistory}), and the untouched bodies travel as attachments, `original.txt`
 * and (when the mail had HTML) `original.html`, so nothing is lost. `html` is left out: the HTML
 * body carries the same history, and cutting markup safely is another job than cutting text.
 *
 * Pure. A mail with no history to cut is returned as it is, HTML and all.
 */
export function withoutQuotedHistory(mail: InboundMail): InboundMail {
  const visible = stripQuotedHistory(mail.text);
  if (visible === mail.text) return mail;
  const originals = [textAttachment('original.txt', 'text/plain', mail.text)];
  if (mail.html !== undefined) originals.push(textAttachment('original.html', 'text/html', mail.html));
  return {
    ...mail,
    text: visible,
    html: undefined,
    attachments: [...mail.attachments, ...originals],
  };
}

/** Built like a parsed attachment, so it is named, typed and hashed the same way. */
function textAttachment(filename: string, contentType: string, body: string): MailAttachment {
  const content = Buffer.from(body, 'utf8');
  return createMailAttachment({ filename, contentType, contentId: undefined, inline: false, content }, 0);
}
