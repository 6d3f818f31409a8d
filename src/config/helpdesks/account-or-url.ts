import type { z } from 'zod';

/**
 * A refinement for a hosted helpdesk named either by its account (`domain`, `subdomain`) or by a
 * full `url`: exactly one of the two must be set. Run it with `{ when: always }`: it checks the
 * shape itself, so it reports even when other keys failed.
 */
export function requireAccountOrUrl(accountKey: string) {
  return (helpdesk: unknown, ctx: z.RefinementCtx): void => {
    if (helpdesk === null || typeof helpdesk !== 'object') return;
    const { [accountKey]: account, url } = helpdesk as Record<string, unknown>;
    if (account === undefined && url === undefined) {
      ctx.addIssue({ code: 'custom', path: [accountKey], message: 'required (or set url)' });
    } else if (account !== undefined && url !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['url'], message: `set either ${accountKey} or url, not both` });
    }
  };
}
