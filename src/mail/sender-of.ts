import type { InboundMail, MailAddress } from './inbound-mail.js';

/** The person a mail is from: `From`, else the first `Reply-To`. */
export function senderOf(mail: InboundMail): MailAddress | undefined {
  return mail.from ?? mail.replyTo[0];
}
