/**
 * Reads the message ids of a Message-ID, In-Reply-To or References value, without angle
 * brackets, in order, each once. Whatever sits between bracketed ids (comments, commas, stray
 * words, a bracketed id with a space in it) is ignored; a value with no brackets at all falls
 * back to its words that look like `local@domain`.
 */
export function parseMessageIds(value: string): string[] {
  const bracketed = [...value.matchAll(/<([^<>\s]+)>/g)].map((match) => match[1] ?? '');
  const ids = /[<>]/.test(value)
    ? bracketed
    : value
        .split(/[\s,;]+/)
        .map((word) => word.replace(/^<+|>+$/g, ''))
        .filter((word) => /^[^@\s()]+@[^@\s()]+$/.test(word));
  return [...new Set(ids.filter((id) => id !== ''))];
}

/**
 * The stable Message-ID given to a mail that has none: derived from the hash of its raw bytes,
 * so the same mail fetched twice gets the same id. `.invalid` (RFC 2606) can never collide with a
 * real domain.
 */
export function derivedMessageId(rawSha256: string): string {
  return `${rawSha256.slice(0, 32)}@popdesk.invalid`;
}
