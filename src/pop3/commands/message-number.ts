/** Checks a message number (RFC 1939: 1-based, valid within one session). */
export function messageNumber(value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`a POP3 message number is a positive integer, got ${value}`);
  }
  return value;
}
