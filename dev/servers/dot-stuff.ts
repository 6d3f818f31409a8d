/**
 * What a POP3 server puts on the wire for a message body (RFC 1939 section 3): a dot added to
 * every line that starts with one, then the `.` CRLF terminator. A line starts after any LF.
 * A body that does not end in CRLF gets one, as servers do.
 */
export function dotStuff(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let lineStart = 0;
  while (lineStart < body.length) {
    const lf = body.indexOf(0x0a, lineStart);
    const end = lf < 0 ? body.length : lf + 1;
    if (body[lineStart] === 0x2e) parts.push(Buffer.from('.'));
    parts.push(body.subarray(lineStart, end));
    lineStart = end;
  }
  const endsWithCrlf = body.length >= 2 && body[body.length - 2] === 0x0d && body[body.length - 1] === 0x0a;
  if (body.length > 0 && !endsWithCrlf) parts.push(Buffer.from('\r\n'));
  parts.push(Buffer.from('.\r\n'));
  return Buffer.concat(parts);
}
