/**
 * The mail answers one that is queued but has no ticket yet (both arrived in one batch). It
 * waits for that ticket so it becomes a reply on it instead of a ticket of its own.
 */
export class ThreadParentPendingError extends Error {
  override name = 'ThreadParentPendingError';
}
