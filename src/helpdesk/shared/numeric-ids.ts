import { HelpdeskError } from '../helpdesk-error.js';

/**
 * The group a route names, for a helpdesk that numbers its groups (Freshdesk, Zendesk), or the
 * default when the route names none. A target that is no whole number is a configuration error:
 * a permanent {@link HelpdeskError}.
 */
export function routeGroupId(
  helpdesk: string,
  target: string | undefined,
  defaultGroupId: number | undefined,
): number | undefined {
  if (target === undefined) return defaultGroupId;
  const id = /^\d+$/.test(target) ? Number(target) : Number.NaN;
  if (!Number.isSafeInteger(id) || id <= 0) {
    throw new HelpdeskError(`the route target "${target}" is not a ${helpdesk} group id (a whole number)`, {
      retryable: false,
    });
  }
  return id;
}

/**
 * A ticket id as a URL path segment, for a helpdesk that numbers its tickets: the ids popdesk
 * stores are the helpdesk's own numbers, so anything else is refused before it reaches a URL.
 */
export function numericTicketPath(helpdesk: string, ticketId: string): string {
  if (!/^\d+$/.test(ticketId)) {
    throw new HelpdeskError(`"${ticketId}" is not a ${helpdesk} ticket id`, { retryable: false });
  }
  return ticketId;
}
