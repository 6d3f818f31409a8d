/*
 * The parsing door of `mail/`: MIME parsing (mailparser), HTML cleaning (sanitize-html) and quote
 * stripping. Only a process that delivers mail imports it; the header helpers and types are in
 * `mail/index.ts`, so a poller never loads a parser.
 */
export { htmlToText } from './html-to-text.js';
export {
  DEFAULT_MAX_HTML_DEPTH,
  DEFAULT_MAX_HTML_LENGTH,
  type ParseMailOptions,
  parseMail,
} from './parse-mail.js';
export { sanitizeHtml } from './sanitize-html.js';
export { stripQuotedHistory } from './strip-quoted-history.js';
export { withoutQuotedHistory } from './without-quoted-history.js';
