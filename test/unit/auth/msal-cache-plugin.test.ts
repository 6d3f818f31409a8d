import { PublicClientApplication, TokenCacheContext } from '@azure/msal-node';
import { describe, expect, test } from 'vitest';
import {
  createMsalCachePlugin,
  TokenCacheCorruptError,
  type TokenCacheStore,
} from '../../../src/auth/index.js';

/** A store in memory that counts saves. */
class MemoryStore implements TokenCacheStore {
  readonly saved: string[] = [];
  constructor(public value: string | undefined) {}
  async load(): Promise<string | undefined> {
    return this.value;
  }
  async save(serialized: string): Promise<void> {
    this.saved.push(serialized);
    this.value = serialized;
  }
}

/** MSAL's real token cache, as the plugin receives it. */
function tokenCache() {
  return new PublicClientApplication({
    auth: { clientId: 'a7c5e0d2-0000-4000-8000-000000000001' },
  }).getTokenCache();
}

const ACCOUNT_KEY = 'uid.utid-login.windows.net-9188040d-6c67-4c5b-b112-36a304b66dad';
const CACHE = JSON.stringify({
  Account: {
    [ACCOUNT_KEY]: {
      home_account_id: 'uid.utid',
      environment: 'login.windows.net',
      realm: '9188040d-6c67-4c5b-b112-36a304b66dad',
      local_account_id: 'uid',
      username: 'support@outlook.com',
      authority_type: 'MSSTS',
      name: 'Support',
    },
  },
});

describe('createMsalCachePlugin', () => {
  test('loads the store before each access', async () => {
    const cache = tokenCache();
    const plugin = createMsalCachePlugin(new MemoryStore(CACHE));

    await plugin.beforeCacheAccess(new TokenCacheContext(cache, false));

    expect(Object.keys(cache.getKVStore())).toContain(ACCOUNT_KEY);
  });

  test('saves only after an access that changed the cache', async () => {
    const store = new MemoryStore(CACHE);
    const cache = tokenCache();
    const plugin = createMsalCachePlugin(store);

    const reading = new TokenCacheContext(cache, false);
    await plugin.beforeCacheAccess(reading);
    await plugin.afterCacheAccess(reading);
    expect(store.saved).toEqual([]);

    const writing = new TokenCacheContext(cache, true);
    await plugin.beforeCacheAccess(writing);
    await plugin.afterCacheAccess(writing);
    expect(store.saved).toHaveLength(1);
    expect(JSON.parse(store.saved[0]!).Account[ACCOUNT_KEY].username).toBe('support@outlook.com');
  });

  test('an empty store is an empty cache', async () => {
    const cache = tokenCache();
    await createMsalCachePlugin(new MemoryStore(undefined)).beforeCacheAccess(
      new TokenCacheContext(cache, false),
    );
    expect(cache.getKVStore()).toEqual({});
  });

  test.each([
    ['truncated JSON', '{"RefreshToken":{"k":{"secret":"M.C-secret-refresh-token'],
    ['not an object', '["M.C-secret-refresh-token"]'],
    ['an empty file', ''],
  ])('%s is corrupt, quoted nowhere, and never overwritten by that access', async (_name, content) => {
    const store = new MemoryStore(content);
    const plugin = createMsalCachePlugin(store);
    const context = new TokenCacheContext(tokenCache(), true);

    const error = await plugin.beforeCacheAccess(context).catch((caught: unknown) => caught);
    await plugin.afterCacheAccess(context);

    expect(error).toBeInstanceOf(TokenCacheCorruptError);
    expect((error as Error).cause).toBeUndefined();
    expect((error as Error).message).not.toContain('M.C-secret');
    expect(store.saved).toEqual([]);
  });
});
