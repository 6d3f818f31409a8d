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
}

/** The capabilities of a server that does not implement CAPA: assume nothing. */
export const NO_CAPABILITIES: Pop3Capabilities = {
  entries: new Map(),
  pipelining: false,
  stls: false,
  sasl: [],
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
  return {
    entries,
    pipelining: entries.has('PIPELINING'),
    stls: entries.has('STLS'),
    sasl: (entries.get('SASL') ?? []).map((mechanism) => mechanism.toUpperCase()),
  };
}
