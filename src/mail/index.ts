export { type AddressQuoting, formatAddress } from './header/format-address.js';
export { rawHeaderBlock, rawHeaderSection } from './header/raw-header-block.js';
export { reportTypeOf } from './header/report-type.js';
export { htmlToText } from './html-to-text.js';
export type { InboundMail, MailAddress, MailAttachment, ReportedMail } from './inbound-mail.js';
export { MailOptionsError } from './mail-options-error.js';
export {
  DEFAULT_MAX_HTML_DEPTH,
  DEFAULT_MAX_HTML_LENGTH,
  type ParseMailOptions,
  parseMail,
} from './parse-mail.js';
export { peekHeaders } from './peek-headers.js';
export { sanitizeHtml } from './sanitize-html.js';
export { senderOf } from './sender-of.js';
export { stripQuotedHistory } from './strip-quoted-history.js';
export { withoutQuotedHistory } from './without-quoted-history.js';
