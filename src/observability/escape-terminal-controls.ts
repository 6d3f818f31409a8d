/**
 * Characters JSON leaves as they are but a terminal acts on: DEL, the C1 controls (0x9B is CSI,
 * 0x9D is OSC, as `ESC [` and `ESC ]` are) and the bidi overrides, isolates and marks.
 */
const RAW_IN_JSON = /[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * A JSON text with every character of {@link RAW_IN_JSON} written as a `\uXXXX` escape, so a log
 * line that quotes a mail or a server (a Subject, a helpdesk's answer, a POP3 `-ERR` text) can be
 * read in a terminal without acting on it. JSON.stringify already escapes C0 controls; these
 * characters occur only inside JSON strings, so the result parses back to the same values.
 */
export function escapeTerminalControls(json: string): string {
  return json.replace(RAW_IN_JSON, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
