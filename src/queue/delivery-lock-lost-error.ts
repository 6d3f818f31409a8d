/**
 * The delivery lock of a mail expired or was taken over while its run was still going (an event
 * loop blocked longer than the lock lives): this run must not post, another one may.
 */
export class DeliveryLockLostError extends Error {
  override name = 'DeliveryLockLostError';
}
