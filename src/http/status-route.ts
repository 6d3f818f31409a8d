/** What the listener does with one request. */
export type StatusRoute =
  | { readonly kind: 'metrics' | 'healthz' | 'readyz'; readonly headOnly: boolean }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'method-not-allowed' };

const PATHS = new Set(['metrics', 'healthz', 'readyz']);

/** Routes by path (the query is ignored) and method: only GET and HEAD are served. */
export function statusRoute(method: string | undefined, url: string | undefined): StatusRoute {
  const path = (url ?? '/').split('?')[0]?.replace(/^\/+/, '') ?? '';
  if (!PATHS.has(path)) return { kind: 'not-found' };
  if (method !== 'GET' && method !== 'HEAD') return { kind: 'method-not-allowed' };
  return { kind: path as 'metrics' | 'healthz' | 'readyz', headOnly: method === 'HEAD' };
}
