import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { type AccessTokenProvider, FileTokenCacheStore } from '../../../src/auth/index.js';
import { createOutlookTokenProvider, runDeviceCodeLogin } from '../../../src/auth/msal.js';
import { FakeMicrosoftLogin } from '../../support/fake-microsoft-login.js';
import { captureLogger } from './capture-logger.js';

export const CLIENT_ID = '3f1c2a9e-8d4b-4e7a-9c61-0b5d7e2f4a18';
export const MAILBOX_ID = 'support';
export const USERNAME = 'support@outlook.com';

/** The parts of a saved MSAL cache the tests look into. */
export interface SavedCache {
  readonly refreshTokens: string[];
  readonly accessTokens: string[];
  readonly usernames: string[];
}

/** A fake Microsoft, a file store in a fresh temp dir, and helpers to sign in and get tokens. */
export interface OAuthFixture {
  readonly microsoft: FakeMicrosoftLogin;
  readonly store: FileTokenCacheStore;
  readonly logger: ReturnType<typeof captureLogger>;
  /** Runs the device-code login; returns the messages the person was shown. */
  signIn(options?: { username?: string }): Promise<string[]>;
  /** A new provider (a new MSAL client per call) over the same store. */
  provider(options?: { username?: string; tenant?: string }): AccessTokenProvider;
  /** Reads the file the store wrote. */
  savedCache(): Promise<SavedCache>;
  /** Throws when any token or device code the fake issued appears in `texts`. */
  assertNoSecretIn(...texts: string[]): void;
  cleanUp(): Promise<void>;
}

export async function createOAuthFixture(): Promise<OAuthFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'popdesk-auth-'));
  const microsoft = new FakeMicrosoftLogin({ clientId: CLIENT_ID });
  const store = new FileTokenCacheStore(join(dir, 'tokens', `${MAILBOX_ID}.json`));
  const logger = captureLogger();

  return {
    microsoft,
    store,
    logger,
    async signIn(options = {}) {
      const shown: string[] = [];
      await runDeviceCodeLogin({
        clientId: CLIENT_ID,
        tenant: 'consumers',
        username: options.username ?? USERNAME,
        store,
        networkClient: microsoft,
        prompt: (message) => shown.push(message),
      });
      return shown;
    },
    provider(options = {}) {
      return createOutlookTokenProvider({
        mailboxId: MAILBOX_ID,
        username: options.username ?? USERNAME,
        clientId: CLIENT_ID,
        tenant: options.tenant ?? 'consumers',
        store,
        logger,
        networkClient: microsoft,
      });
    },
    async savedCache() {
      const cache = JSON.parse(await readFile(store.path, 'utf8')) as Record<
        string,
        Record<string, Record<string, string>>
      >;
      const values = (section: string, field: string) =>
        Object.values(cache[section] ?? {}).map((entity) => entity[field] ?? '');
      return {
        refreshTokens: values('RefreshToken', 'secret'),
        accessTokens: values('AccessToken', 'secret'),
        usernames: values('Account', 'username'),
      };
    },
    assertNoSecretIn(...texts) {
      const haystack = texts.join('\n');
      const leaked = microsoft.issuedSecrets.filter((secret) => haystack.includes(secret));
      if (leaked.length > 0) throw new Error(`${leaked.length} issued secret(s) leaked`);
    },
    cleanUp: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Every way an error could be shown: with hidden properties and causes, and as JSON. */
export function renderError(error: unknown): string {
  return `${inspect(error, { showHidden: true, depth: 10 })}\n${JSON.stringify(error)}\n${String(error)}`;
}
