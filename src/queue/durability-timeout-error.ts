/** Redis did not confirm the AOF fsync of a mail in time: the poller must not DELE it yet. */
export class DurabilityTimeoutError extends Error {
  override name = 'DurabilityTimeoutError';
}
