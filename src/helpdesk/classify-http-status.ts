/**
 * Whether a failed HTTP status may succeed on retry. 4xx means the request itself is wrong and
 * repeating it cannot help, except 408 (timeout), 409 (conflict, often a concurrent write) and
 * 429 (rate limit); 5xx may pass later.
 */
export function isRetryableStatus(status: number): boolean {
  if (status === 408 || status === 409 || status === 429) return true;
  return status >= 500;
}
