/*
 * The light door of `mail/`: header helpers and the shapes of a parsed mail, which load no MIME
 * parser. A poller and the CLI's read-only commands come in here; parsing is behind
 * `mail/parser.ts`, which only a process that delivers mail loads.
 */
export { type AddressQuoting, formatAddress } from './header/format-address.js';
export { rawHeaderBlock, rawHeaderSection } from './header/raw-header-block.js';
export { reportTypeOf } from './header/report-type.js';
export type { InboundMail, MailAddress, MailAttachment, ReportedMail } from './inbound-mail.js';
export { MailOptionsError } from './mail-options-error.js';
export { peekHeaders } from './peek-headers.js';
export { senderOf } from './sender-of.js';
