/**
 * Where one mailbox's serialized MSAL token cache lives between sessions. The cache holds the
 * refresh token, which MSAL does not expose and rotates on use: it must be saved after every
 * change, or the mailbox stops fetching once the old one expires (zammad/zammad#3411).
 */
export interface TokenCacheStore {
  /** The last saved cache, or `undefined` when nothing was ever saved. */
  load(): Promise<string | undefined>;
  /** Replaces the saved cache; resolves once it is durable. */
  save(serialized: string): Promise<void>;
}
