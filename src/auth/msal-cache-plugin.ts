import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node';
import { TokenCacheCorruptError } from './errors/token-cache-corrupt-error.js';
import type { TokenCacheStore } from './token-cache-store.js';

/**
 * An MSAL cache plugin backed by a {@link TokenCacheStore}: every cache access first loads the
 * store, and every access that changed the cache (a new or refreshed token, a removed account)
 * saves it, so a rotated refresh token reaches the store before MSAL returns the access token.
 *
 * Throws {@link TokenCacheCorruptError} when the store holds something that is not an MSAL cache,
 * and lets the store's own errors through.
 */
export function createMsalCachePlugin(store: TokenCacheStore): ICachePlugin {
  // MSAL calls afterCacheAccess even when beforeCacheAccess threw. Saving then would overwrite
  // a store we could not read with whatever happens to be in memory.
  const failedLoads = new WeakSet<TokenCacheContext>();

  return {
    async beforeCacheAccess(context) {
      try {
        const serialized = await store.load();
        deserializeInto(context, serialized ?? '{}');
      } catch (error) {
        failedLoads.add(context);
        throw error;
      }
    },

    async afterCacheAccess(context) {
      if (failedLoads.has(context) || !context.cacheHasChanged) return;
      await store.save(context.tokenCache.serialize());
    },
  };
}

/**
 * Replaces MSAL's view of the store with `serialized`. Parser errors are not passed on as a
 * cause: V8's JSON messages quote the input, and the input is token material.
 */
function deserializeInto(context: TokenCacheContext, serialized: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(serialized);
  } catch {
    throw new TokenCacheCorruptError('the stored token cache is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new TokenCacheCorruptError('the stored token cache is not a JSON object');
  }
  try {
    context.tokenCache.deserialize(serialized);
  } catch {
    throw new TokenCacheCorruptError('the stored token cache does not have the MSAL cache layout');
  }
}
