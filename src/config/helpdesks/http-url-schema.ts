import { z } from 'zod';

/** A helpdesk's base URL: `http://` or `https://` only. */
export function httpUrlSchema() {
  return z.url({
    protocol: /^https?$/,
    error: (issue) => (issue.input === undefined ? undefined : 'must be an http:// or https:// URL'),
  });
}
