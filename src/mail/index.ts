export { MailOptionsError } from './errors/mail-options-error.js';
export { htmlToText } from './html-to-text.js';
export type { InboundMail, MailAddress, MailAttachment } from './inbound-mail.js';
export {
  DEFAULT_MAX_HTML_DEPTH,
  DEFAULT_MAX_HTML_LENGTH,
  type ParseMailOptions,
  parseMail,
} from './parse-mail.js';
export { sanitizeHtml } from './sanitize-html.js';
