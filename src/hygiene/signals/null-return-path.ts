import type { ClassifiableMail } from '../classifiable-mail.js';

/**
 * `Return-Path: <>` when the mail had an empty envelope sender; undefined otherwise.
 *
 * An empty envelope sender says "a program sent this, do not answer it": delivery reports use
 * it (RFC 5321 §4.5.5), and so do auto-responders (RFC 3834 §3.3; Exchange's automatic replies
 * "have a blank (<>) return path", Microsoft's "Understanding and troubleshooting Out of Office
 * (OOF) replies"). It cannot tell a bounce from an out-of-office, so it is a weak signal of both
 * classes: it never decides alone, and the class is decided by what else the mail carries.
 */
export function nullReturnPath(mail: ClassifiableMail): string | undefined {
  const value = mail.headers['return-path'];
  // Some MTAs write the empty path without brackets or with a space inside them.
  return value !== undefined && /^\s*<?\s*>?\s*$/.test(value) ? 'Return-Path: <>' : undefined;
}
