/**
 * The `status` label of a helpdesk request: the HTTP status class (`2xx`, `4xx`, ...), which
 * keeps the number of series small, or `none` when no answer came (a timeout, a refused
 * connection).
 */
export function statusClass(status: number | undefined): string {
  if (status === undefined || !Number.isInteger(status) || status < 100 || status > 599) return 'none';
  return `${Math.floor(status / 100)}xx`;
}
