/**
 * Writes mails as an mboxrd file: each after a `From ` line, with `>*From ` lines escaped and an
 * empty line after it. What `MboxSplitter` reads back is the same mails, byte for byte,
 * for mails that end with a line end. Pure.
 */
export function joinMbox(
  mails: readonly Buffer[],
  fromLine = 'From MAILER-DAEMON Thu Jan  1 00:00:00 1970',
): Buffer {
  const parts: Buffer[] = [];
  for (const mail of mails) {
    parts.push(Buffer.from(`${fromLine}\n`));
    let start = 0;
    while (start < mail.length) {
      const end = mail.indexOf(0x0a, start);
      const line = mail.subarray(start, end === -1 ? mail.length : end + 1);
      if (/^>*From /.test(line.subarray(0, 64).toString('latin1'))) parts.push(Buffer.from('>'));
      parts.push(line);
      start = end === -1 ? mail.length : end + 1;
    }
    parts.push(Buffer.from('\n'));
  }
  return Buffer.concat(parts);
}
