import { TERMINAL_CONTROL_CHARACTERS } from '../observability/terminal-control-characters.js';

/**
 * 7-bit escape sequences, which a terminal acts on instead of printing:
 * - control strings (OSC `ESC ]`, DCS `ESC P`, SOS `ESC X`, PM `ESC ^`, APC `ESC _`) up to their
 *   terminator (BEL or ST, `ESC \`), or to the end of the text when unterminated, as a terminal
 *   would swallow it; OSC 8 is how a hyperlink hides its target behind other text;
 * - CSI (`ESC [` … final byte), which moves the cursor, clears the screen, recolours text;
 * - any other `ESC` + intermediates + final byte (`ESC c` resets the terminal).
 *
 * The 8-bit forms (0x9B for CSI, 0x9D for OSC) are dropped one character at a time by
 * {@link CONTROL} rather than matched as sequences: a Subject read as Latin-1 holds those code
 * points inside ordinary UTF-8 letters (`”` is E2 80 9D), and treating one as an OSC would
 * swallow the rest of the line. Without its introducer the rest prints as plain text.
 */
const ESCAPE_SEQUENCE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: escape sequences are what this removes
  /\x1b[\]PX^_][\s\S]*?(?:\x07|\x1b\\|$)|\x1b\[[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?|\x1b[\x20-\x2f]*[\x30-\x7e]?/g;

/**
 * What is left to drop once the sequences are gone: C0 controls but tab and line feed, and the
 * rest the log lines escape too ({@link TERMINAL_CONTROL_CHARACTERS}: DEL, C1, bidi controls).
 */
const CONTROL = new RegExp(`[\\x00-\\x08\\x0b-\\x1f${TERMINAL_CONTROL_CHARACTERS}]`, 'g');

/** How {@link terminalText} treats line breaks and tabs. */
export type LineMode = 'multi-line' | 'single-line';

/**
 * `text` with nothing a terminal would act on: escape sequences, control characters and bidi
 * controls removed, everything else as it was. Every CLI printer sends mail- and server-derived
 * text (a Subject, a helpdesk's answer, Microsoft's sign-in message) through this, so that text
 * cannot clear the screen, retitle the window, plant a hidden hyperlink or reorder a line.
 *
 * `multi-line` keeps line feeds and tabs (a JSON document, a prompt); `single-line` turns them
 * into spaces, so one field cannot start a forged line of a listing. A carriage return is dropped
 * in both, as it would let the rest of a line overwrite its start.
 */
export function terminalText(text: string, mode: LineMode): string {
  const plain = text.replace(ESCAPE_SEQUENCE, '').replace(CONTROL, '');
  return mode === 'single-line' ? plain.replace(/[\t\n]/g, ' ') : plain;
}
