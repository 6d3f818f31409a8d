import { Pop3CommandError } from '../errors/pop3-command-error.js';
import type { Pop3Connection } from '../pop3-connection.js';

/** What the server advertised in reply to CAPA (RFC 2449). */
export interface Pop3Capabilities {
  /** Capability names, upper-cased, mapped to their arguments. */
  readonly entries: ReadonlyMap<string, readonly string[]>;
  readonly pipelining: boolean;
  readonly stls: boolean;
  /** SASL mechanisms, upper-cased. */
  readonly sasl: readonly string[];
  /** TOP advertised (RFC 1939 makes it optional). False also for a server without CAPA: unknown. */
  readonly top: boolean;
  /** UIDL advertised. False also for a server without CAPA: unknown. */
  readonly uidl: boolean;
  /**
   * RFC 2449 `LOGIN-DELAY n`: the least seconds between two logins (Courier says 10, Cyrus 0
   * or, with Debian's `popminpoll`, refuses early logins with `-ERR [LOGIN-DELAY]`). Absent
   * when not advertised or not a number. Before login a server may announce a larger value
   * than after (RFC 2449 section 6.5: `USER` after the number), so prefer the post-login CAPA.
   */
  readonly loginDelaySeconds?: number;
}

/** The capabilities of a server that does not implement CAPA: assume nothing. */
export const NO_CAPABILITIES: Pop3Capabilities = {
  entries: new Map(),
  pipelining: false,
  stls: false,
  sasl: [],
  top: false,
  uidl: false,
};

/** Asks for the capability list. A server without CAPA (`-ERR`) gets {@link NO_CAPABILITIES}. */
export async function capa(connection: Pop3Connection): Promise<Pop3Capabilities> {
  try {
    const reply = await connection.send({
      name: 'CAPA',
      line: 'CAPA',
      pipelinable: true,
      multiline: true,
      maxBodyBytes: 64 * 1024,
    });
    return parseCapabilities(reply.body ?? Buffer.alloc(0));
  } catch (error) {
    if (error instanceof Pop3CommandError) return NO_CAPABILITIES;
    throw error;
  }
}

/** Parses a CAPA body: one capability per line, a name and space-separated arguments. */
export function parseCapabilities(body: Buffer): Pop3Capabilities {
  const entries = new Map<string, string[]>();
  for (const line of body.toString('latin1').split(/\r?\n/)) {
    const [name, ...args] = line.trim().split(/\s+/);
    if (name === undefined || name === '') continue;
    entries.set(name.toUpperCase(), args);
  }
  const loginDelaySeconds = parseLoginDelay(entries.get('LOGIN-DELAY'));
  return {
    entries,
    pipelining: entries.has('PIPELINING'),
    stls: entries.has('STLS'),
    sasl: (entries.get('SASL') ?? []).map((mechanism) => mechanism.toUpperCase()),
    top: entries.has('TOP'),
    uidl: entries.has('UIDL'),
    ...(loginDelaySeconds !== undefined ? { loginDelaySeconds } : {}),
  };
}

/** `LOGIN-DELAY 900` or, before login, `LOGIN-DELAY 900 USER` (the delay may vary per user). */
function parseLoginDelay(args: readonly string[] | undefined): number | undefined {
  const value = args?.[0];
  if (value === undefined || !/^\d{1,9}$/.test(value)) return undefined;
  return Number(value);
}
