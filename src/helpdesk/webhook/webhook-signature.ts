import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header carrying the signature: `sha256=<hex>`. */
export const SIGNATURE_HEADER = 'x-popdesk-signature';
/** The header carrying the Unix time (seconds) the signature covers, against replays. */
export const TIMESTAMP_HEADER = 'x-popdesk-timestamp';

/**
 * HMAC-SHA256 over `<timestamp>.<body>` with the shared secret, as `sha256=<hex>`: the body
 * exactly as sent, so a receiver verifies the bytes it got before parsing them. The body may
 * come in pieces (a streamed body's chunks, in order).
 */
export function signWebhookBody(
  secret: string,
  timestamp: number,
  body: string | Buffer | Iterable<Buffer>,
): string {
  const hmac = createHmac('sha256', secret);
  hmac.update(`${timestamp}.`);
  if (typeof body === 'string' || Buffer.isBuffer(body)) hmac.update(body);
  else for (const chunk of body) hmac.update(chunk);
  return `sha256=${hmac.digest('hex')}`;
}

/**
 * For receivers: true when `signature` is right for the body and the timestamp is within
 * `toleranceSeconds` of `now` (Unix seconds). Compares in constant time.
 */
export function verifyWebhookSignature(
  secret: string,
  body: string | Buffer,
  timestamp: string | undefined,
  signature: string | undefined,
  now: number,
  toleranceSeconds = 300,
): boolean {
  if (timestamp === undefined || signature === undefined || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(now - Number(timestamp)) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhookBody(secret, Number(timestamp), body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
