import { TERMINAL_CONTROL_CHARACTERS } from './terminal-control-characters.js';

/** Characters JSON leaves as they are but a terminal acts on. */
const RAW_IN_JSON = new RegExp(`[${TERMINAL_CONTROL_CHARACTERS}]`, 'g');

/**
 * A JSON text with every character of {@link RAW_IN_JSON} written as a `\uXXXX` escape, so a log
 * line that quotes a mail or a server (a Subject, a helpdesk's answer, a POP3 `-ERR` text) can be
 * read in a terminal without acting on it. JSON.stringify already escapes C0 controls; these
 * characters occur only inside JSON strings, so the result parses back to the same values.
 */
export function escapeTerminalControls(json: string): string {
  return json.replace(RAW_IN_JSON, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
