/**
 * What one class's checks found in a mail. `decisive` signals decide the class on their own;
 * `weak` ones only count when another signal of the same class agrees (see `classifyMail`).
 * Each entry quotes the header as the mail had it, made by {@link quoteHeader}.
 */
export interface ClassSignals {
  readonly decisive: readonly string[];
  readonly weak: readonly string[];
}

/** Longest header value quoted in a signal; List-Unsubscribe and Forefront reports run much longer. */
const MAX_QUOTED = 120;

/**
 * `Name: value` for a signal line. Control characters become spaces and long values are cut, so
 * a signal is one readable line in a log, a webhook payload or `popdesk filtered list`.
 */
export function quoteHeader(name: string, value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  const clean = value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
  const cut = clean.length > MAX_QUOTED ? `${clean.slice(0, MAX_QUOTED)}…` : clean;
  return cut === '' ? `${name}:` : `${name}: ${cut}`;
}

/** The first token of a header value (before any `;` parameter), lower-cased and trimmed. */
export function headerToken(value: string): string {
  return (value.split(';', 1)[0] ?? '').trim().toLowerCase();
}
