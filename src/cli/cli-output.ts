/**
 * Where a command writes for a person. Both make their text terminal-safe (see `terminalText`),
 * since what they show may come from a mail or a server.
 */
export interface CliOutput {
  /** One result line (or a JSON document) on stdout. */
  print(line: string): void;
  /** A problem on stderr; the command also exits non-zero. */
  error(text: string): void;
}
