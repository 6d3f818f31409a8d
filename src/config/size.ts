const UNIT_BYTES: Readonly<Record<string, number>> = {
  b: 1,
  kb: 1000,
  mb: 1000 ** 2,
  gb: 1000 ** 3,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
};

const SIZE = /^(\d+(?:\.\d+)?)\s*([a-z]+)?$/i;

/** What a valid size looks like, for error messages. */
export const SIZE_HINT = 'a byte count or a number with a unit (KB, MB, GB, KiB, MiB, GiB), e.g. "50MB"';

/**
 * Reads a size such as `50MB`, `10MiB`, `500KB`, `1GB` or a plain byte count (`1048576`) into
 * whole bytes. MB is 1000², MiB is 1024². Units are case-insensitive. Returns undefined for
 * anything else.
 */
export function sizeToBytes(text: string): number | undefined {
  const match = SIZE.exec(text.trim());
  if (match === null) return undefined;
  const [, amount, unit] = match;
  const factor = unit === undefined ? 1 : UNIT_BYTES[unit.toLowerCase()];
  if (amount === undefined || factor === undefined) return undefined;
  if (unit === undefined && amount.includes('.')) return undefined;
  return Math.floor(Number(amount) * factor);
}

/**
 * Parses a size such as `50MB`, `10MiB`, `500KB`, `1GB` or a plain byte count into bytes.
 *
 * @throws RangeError when `text` is not a size; the message quotes it and shows the format.
 */
export function parseSize(text: string): number {
  const bytes = sizeToBytes(text);
  if (bytes === undefined) throw new RangeError(`"${text}" is not a size: use ${SIZE_HINT}`);
  return bytes;
}
