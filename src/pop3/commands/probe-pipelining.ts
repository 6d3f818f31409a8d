import { Pop3CommandError } from '../errors/pop3-command-error.js';
import { Pop3Error } from '../errors/pop3-error.js';
import { Pop3PipeliningProbeError } from '../errors/pop3-pipelining-probe-error.js';
import { Pop3TimeoutError } from '../errors/pop3-timeout-error.js';
import type { Pop3Connection } from '../pop3-connection.js';
import type { Pop3Request } from '../pop3-request.js';

/** What the probe found: `accepted` only when both NOOPs got `+OK`, in order, in time. */
export type ProbeOutcome =
  | { readonly kind: 'accepted' }
  /** Both replies arrived, but not both `+OK`: the session is in step and goes on lock-step. */
  | { readonly kind: 'refused' }
  /** The session was destroyed by the probe (timeout, close, unreadable reply). */
  | { readonly kind: 'broken'; readonly error: Pop3PipeliningProbeError };

const NOOP: Pop3Request = {
  name: 'NOOP',
  line: 'NOOP',
  pipelinable: true,
  multiline: false,
  exclusive: true,
};

/**
 * Sends two NOOPs in one write in the TRANSACTION state, where NOOP has no effect (RFC 1939
 * section 5), and waits up to `timeoutMs` for both replies. A server that does not read past the
 * first line of a write never answers the second; the reply could still come later, after the
 * next command went out, and be taken for its reply, so a late second reply leaves no way to
 * stay in step: the session is destroyed. `exclusive` lets the NOOPs pass the commands a login
 * holds back.
 */
export async function probePipelining(connection: Pop3Connection, timeoutMs: number): Promise<ProbeOutcome> {
  const replies = connection.sendTogether([NOOP, NOOP]);
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<'expired'>((resolve) => {
    timer = setTimeout(() => resolve('expired'), timeoutMs);
  });
  try {
    const settled = await Promise.race([Promise.allSettled(replies), expired]);
    if (settled === 'expired') {
      const cause = new Pop3TimeoutError(
        `the server did not answer two pipelined NOOPs within ${timeoutMs} ms`,
        timeoutMs,
      );
      connection.destroy(cause);
      return { kind: 'broken', error: new Pop3PipeliningProbeError(cause.message, { cause }) };
    }
    const failed = settled.find((reply) => reply.status === 'rejected');
    if (failed === undefined) return { kind: 'accepted' };
    const reason: unknown = failed.reason;
    if (reason instanceof Pop3CommandError) return { kind: 'refused' };
    const message = reason instanceof Pop3Error ? reason.message : 'the pipelining probe failed';
    return { kind: 'broken', error: new Pop3PipeliningProbeError(message, { cause: reason }) };
  } finally {
    clearTimeout(timer);
  }
}
