/**
 * The characters a terminal acts on that `JSON.stringify` leaves raw, as the body of a regex
 * character class: DEL, the C1 controls (0x9B is CSI, 0x9D is OSC, as `ESC [` and `ESC ]` are)
 * and the bidirectional overrides, isolates and marks (LRM, RLM, ALM), with which text can
 * display in another order than it is stored (CVE-2021-42574, "Trojan Source"). One definition
 * for the log lines and the CLI, so neither lags when the set grows.
 */
export const TERMINAL_CONTROL_CHARACTERS = '\\x7f-\\x9f\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069';
