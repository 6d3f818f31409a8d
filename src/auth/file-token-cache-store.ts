import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { TokenCacheStoreError } from './errors/token-cache-store-error.js';
import type { TokenCacheStore } from './token-cache-store.js';

/**
 * Keeps the token cache in one file, readable by its owner only (0600). A save writes a temp file
 * in the same directory, fsyncs it, renames it over the old file and fsyncs the directory, so a
 * crash leaves either the old cache or the new one, never a torn file. A temp file left behind
 * by a crash is never read.
 */
export class FileTokenCacheStore implements TokenCacheStore {
  readonly path: string;

  constructor(path: string) {
    if (path === '') throw new TokenCacheStoreError('the token cache file path is empty');
    this.path = path;
  }

  async load(): Promise<string | undefined> {
    try {
      return await readFile(this.path, 'utf8');
    } catch (error) {
      if (isErrnoCode(error, 'ENOENT')) return undefined;
      throw new TokenCacheStoreError(`could not read the token cache file ${this.path}`, { cause: error });
    }
  }

  async save(serialized: string): Promise<void> {
    const directory = dirname(this.path);
    const temporary = join(directory, `.${basename(this.path)}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      await mkdir(directory, { recursive: true, mode: 0o700 });
      const file = await open(temporary, 'wx', 0o600);
      try {
        await file.writeFile(serialized, 'utf8');
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temporary, this.path);
      await syncDirectory(directory);
    } catch (error) {
      await rm(temporary, { force: true }).catch(() => undefined);
      throw new TokenCacheStoreError(`could not write the token cache file ${this.path}`, { cause: error });
    }
  }
}

/** Makes the rename itself durable: without it a power loss can bring back the old file. */
async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function isErrnoCode(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}
