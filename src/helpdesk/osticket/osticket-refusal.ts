/** How osTicket's API begins every answer to a ticket it could not create (`TicketApiController::createTicket`). */
export const REFUSAL_PREFIX = 'Unable to create new ticket';

/**
 * Whether an osTicket error answer refuses this mail for good. osTicket gives its own status
 * only to a denied ticket (403); every other reason it cannot create one (no From, an address it
 * will not accept, a required field missing) leaves `$errors['errno']` unset and is answered
 * `500 Unable to create new ticket :<reasons>` (include/api.tickets.php, osTicket 1.18.1), the
 * same mail gets the same answer on every retry. Other 500s (a PHP fatal error, the database
 * gone) carry other text and stay retryable. Pure.
 */
export function isOsTicketRefusal(status: number, body: string): boolean {
  return status === 500 && body.trimStart().startsWith(REFUSAL_PREFIX);
}
