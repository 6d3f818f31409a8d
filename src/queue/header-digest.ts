import { createHash } from 'node:crypto';

const CRLF_CRLF = Buffer.from('\r\n\r\n');
const LF_LF = Buffer.from('\n\n');

/**
 * SHA-256 of a mail's header block (up to the first empty line), the same for a whole message
 * from RETR and for `TOP n 0` of it. It lets the poller tell, with one cheap TOP, whether a
 * message under a UIDL it already queued is still that mail or one a server reused the UIDL for.
 */
export function headerDigest(message: Buffer): string {
  const end = headerEnd(message);
  return createHash('sha256').update(message.subarray(0, end)).digest('hex');
}

function headerEnd(message: Buffer): number {
  const crlf = message.indexOf(CRLF_CRLF);
  const lf = message.indexOf(LF_LF);
  let end = crlf >= 0 ? crlf : lf >= 0 ? lf : message.length;
  // Without a body TOP adds the empty line RETR lacks: compare without trailing line ends.
  while (end > 0 && (message[end - 1] === 0x0a || message[end - 1] === 0x0d)) end -= 1;
  return end;
}
