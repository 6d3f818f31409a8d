import type { SignInStatus } from './popdesk-status.js';

/** The parts of MSAL's serialized token cache that say how long a sign-in lasts. */
interface TokenCacheExpiries {
  readonly AccessToken?: Record<string, { readonly expires_on?: unknown }>;
  readonly RefreshToken?: Record<string, { readonly expires_on?: unknown }>;
}

/**
 * The sign-in state of an OAuth2 mailbox, read from its serialized MSAL token cache (undefined
 * when none was ever saved). Only expiry times are read: the tokens themselves never leave
 * this function. `fix` is the command that signs the mailbox in.
 */
export function signInState(serialized: string | undefined, fix: string): SignInStatus {
  const needed = { type: 'oauth2-outlook', state: 'sign-in-needed', fix } as const;
  if (serialized === undefined) return needed;
  let cache: TokenCacheExpiries;
  try {
    cache = JSON.parse(serialized) as TokenCacheExpiries;
  } catch {
    return { type: 'oauth2-outlook', state: 'unknown', error: 'the token cache is not valid JSON' };
  }
  const refreshTokens = Object.values(cache.RefreshToken ?? {});
  if (refreshTokens.length === 0) return needed;
  return {
    type: 'oauth2-outlook',
    state: 'signed-in',
    accessTokenExpiresAt: latest(Object.values(cache.AccessToken ?? {})),
    refreshTokenExpiresAt: latest(refreshTokens),
  };
}

/** The latest `expires_on` (seconds since the epoch, as MSAL writes it) among `entries`, as ISO. */
function latest(entries: ReadonlyArray<{ readonly expires_on?: unknown }>): string | null {
  const seconds = entries
    .map((entry) => Number(entry.expires_on))
    .filter((value) => Number.isFinite(value) && value > 0);
  return seconds.length === 0 ? null : new Date(Math.max(...seconds) * 1000).toISOString();
}
