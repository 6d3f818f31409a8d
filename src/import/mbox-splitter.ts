import { MboxFormatError } from './mbox-format-error.js';

const LF = 0x0a;
const FROM_LINE = Buffer.from('From ');
/** `>From `, `>>From `, ...: a body line mboxrd escaped, or one mboxo escaped without telling. */
const ESCAPED_FROM = /^>+From /;

/**
 * Splits an mbox file (RFC 4155: mboxo and mboxrd) into its mails as the bytes arrive, so a
 * 2 GB mailbox is never held in memory: only the mail being read and the current line are.
 *
 * - A line starting with `From ` is a separator when it is the first line or follows an empty
 *   line. mboxo writers leave a body's `From ` unescaped when it is not at a paragraph start, so
 *   a `From ` right under text is kept as text rather than cutting a mail in two.
 * - The empty line before a separator (and at the end of the file) belongs to the format, not
 *   the mail, and is dropped.
 * - `>From `, `>>From `, ... lose one `>` (mboxrd). A `>From ` an mboxo writer left in a body as
 *   the sender wrote it cannot be told apart; mboxrd's reading is the one that round-trips.
 *
 * Line ends are kept as they are (LF or CRLF). Pure: no I/O.
 */
export class MboxSplitter {
  /** The unfinished last line of the bytes pushed so far. */
  private partial: Buffer[] = [];
  /** Lines of the mail being read, unescaped; undefined before the first separator. */
  private lines: Buffer[] | undefined;
  private previousBlank = true;
  private started = false;

  /** Takes the next bytes of the file; returns the mails they completed, in order. */
  push(chunk: Buffer): Buffer[] {
    const mails: Buffer[] = [];
    let start = 0;
    for (let end = chunk.indexOf(LF, start); end !== -1; end = chunk.indexOf(LF, start)) {
      this.partial.push(chunk.subarray(start, end + 1));
      const line = this.partial.length === 1 ? (this.partial[0] as Buffer) : Buffer.concat(this.partial);
      this.partial = [];
      const mail = this.line(line);
      if (mail !== undefined) mails.push(mail);
      start = end + 1;
    }
    if (start < chunk.length) this.partial.push(Buffer.from(chunk.subarray(start)));
    return mails;
  }

  /** The file has ended: returns the last mail, if there was one. */
  end(): Buffer[] {
    if (this.partial.length > 0) {
      const line = Buffer.concat(this.partial);
      this.partial = [];
      const mail = this.line(line);
      if (mail !== undefined) return [mail, ...this.finish()];
    }
    return this.finish();
  }

  private finish(): Buffer[] {
    const lines = this.lines;
    this.lines = undefined;
    if (!this.started) return [];
    return lines === undefined ? [] : [mailOf(lines)];
  }

  /** One whole line (with its line end); returns the mail a separator line ended, if any. */
  private line(line: Buffer): Buffer | undefined {
    const blank = isBlank(line);
    const separator = this.previousBlank && startsWith(line, FROM_LINE);
    if (!this.started) {
      if (!separator)
        throw new MboxFormatError('the file does not start with a "From " line: it is not an mbox');
      this.started = true;
    }
    this.previousBlank = blank;
    if (separator) {
      const done = this.lines;
      this.lines = [];
      return done === undefined ? undefined : mailOf(done);
    }
    this.lines?.push(unescapeFrom(line));
    return undefined;
  }
}

function mailOf(lines: Buffer[]): Buffer {
  const last = lines.at(-1);
  // The empty line before the next separator is mbox's, not the mail's.
  if (last !== undefined && isBlank(last)) lines.pop();
  return Buffer.concat(lines);
}

function isBlank(line: Buffer): boolean {
  return (
    line.length === 0 ||
    (line.length === 1 && line[0] === LF) ||
    (line.length === 2 && line[0] === 0x0d && line[1] === LF)
  );
}

function startsWith(line: Buffer, prefix: Buffer): boolean {
  return line.length >= prefix.length && line.subarray(0, prefix.length).equals(prefix);
}

function unescapeFrom(line: Buffer): Buffer {
  if (line[0] !== 0x3e) return line;
  // The longest `>` run a line might carry is short; reading 64 bytes is enough to decide.
  return ESCAPED_FROM.test(line.subarray(0, 64).toString('latin1')) ? line.subarray(1) : line;
}
