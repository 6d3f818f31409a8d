import { Pop3Error } from './pop3-error.js';

/**
 * The server answered a command with `-ERR`. The session stays usable. `code` is the RFC 2449
 * extended response code in brackets (`IN-USE`, `LOGIN-DELAY`, `SYS/TEMP`, `SYS/PERM`, `AUTH`),
 * when the server sent one.
 */
export class Pop3CommandError extends Pop3Error {
  override name = 'Pop3CommandError';

  /** The command verb only (`RETR`, `PASS`, ...), never its arguments. */
  readonly command: string;
  /** The text after `-ERR`, as the server sent it. */
  readonly serverText: string;
  /** The extended response code, upper-cased, without brackets. */
  readonly code: string | undefined;

  constructor(command: string, serverText: string, options?: { cause?: unknown }) {
    super(`${command} failed: -ERR ${serverText}`.trimEnd(), options);
    this.command = command;
    this.serverText = serverText;
    this.code = /^\[([A-Za-z0-9/-]+)\]/.exec(serverText)?.[1]?.toUpperCase();
  }
}
