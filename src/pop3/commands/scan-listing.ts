import { Pop3ProtocolError } from '../errors/pop3-protocol-error.js';

/**
 * Parses the body of a multi-line LIST or UIDL reply: lines of `<number> <value>`
 * (RFC 1939 sections 5 and 7), into a map from message number to value.
 */
export function parseScanListing(command: string, body: Buffer): Map<number, string> {
  const result = new Map<number, string>();
  for (const line of body.toString('latin1').split('\r\n')) {
    if (line === '') continue;
    const [number, value] = parseScanLine(command, line);
    result.set(number, value);
  }
  return result;
}

/** Parses one `<number> <value>` line, as in a multi-line listing or a single-line LIST/UIDL reply. */
export function parseScanLine(command: string, line: string): [number, string] {
  const match = /^(\d{1,10}) +(\S{1,512})/.exec(line);
  if (match === null) {
    throw new Pop3ProtocolError(
      `the server sent an invalid ${command} line: ${JSON.stringify(line.slice(0, 60))}`,
    );
  }
  return [Number(match[1]), match[2] as string];
}

/** Parses a LIST size as a non-negative integer octet count. */
export function parseOctets(command: string, value: string): number {
  if (!/^\d{1,15}$/.test(value)) {
    throw new Pop3ProtocolError(
      `the server sent an invalid size in ${command}: ${JSON.stringify(value.slice(0, 30))}`,
    );
  }
  return Number(value);
}
