import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { FileTokenCacheStore, TokenCacheStoreError } from '../../../src/auth/index.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'popdesk-file-store-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function mode(path: string): Promise<number> {
  return (await stat(path)).mode & 0o777;
}

describe('FileTokenCacheStore', () => {
  test('a missing file (or directory) loads as undefined', async () => {
    expect(await new FileTokenCacheStore(join(dir, 'none.json')).load()).toBeUndefined();
    expect(await new FileTokenCacheStore(join(dir, 'no', 'such', 'dir.json')).load()).toBeUndefined();
  });

  test('save creates the directory owner-only and the file 0600, and load reads it back', async () => {
    const path = join(dir, 'state', 'tokens', 'support.json');
    const store = new FileTokenCacheStore(path);

    await store.save('{"Account":{}}');

    expect(await store.load()).toBe('{"Account":{}}');
    expect(await mode(path)).toBe(0o600);
    expect(await mode(join(dir, 'state', 'tokens'))).toBe(0o700);
  });

  test('save replaces the file whole, tightens its mode and leaves no temp file', async () => {
    const path = join(dir, 'support.json');
    await writeFile(path, 'x'.repeat(10_000));
    await chmod(path, 0o644);
    const store = new FileTokenCacheStore(path);

    await store.save('{"short":true}');

    expect(await readFile(path, 'utf8')).toBe('{"short":true}');
    expect(await mode(path)).toBe(0o600);
    expect(await readdir(dir)).toEqual(['support.json']);
  });

  test('a temp file left by a crash before the rename is ignored', async () => {
    const path = join(dir, 'support.json');
    const store = new FileTokenCacheStore(path);
    await store.save('{"generation":1}');
    // What a crash between write and rename leaves: a half-written sibling, never the target.
    await writeFile(join(dir, '.support.json.0a1b2c3d4e5f.tmp'), '{"generation":2,"Refr', { mode: 0o600 });

    expect(await store.load()).toBe('{"generation":1}');
    await store.save('{"generation":3}');
    expect(await store.load()).toBe('{"generation":3}');
  });

  test('a failed save keeps the old file and removes its temp file', async () => {
    const path = join(dir, 'support.json');
    // A non-empty directory where the file should be makes the final rename fail.
    await mkdir(join(path, 'occupied'), { recursive: true });
    const store = new FileTokenCacheStore(path);

    const error = await store.save('{"new":true}').catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(TokenCacheStoreError);
    expect((error as Error).message).toBe(`could not write the token cache file ${path}`);
    expect(await readdir(dir)).toEqual(['support.json']);
    expect(await readdir(path)).toEqual(['occupied']);
  });

  test('an unreadable path is a store error, not "nothing stored"', async () => {
    const path = join(dir, 'support.json');
    await mkdir(path);

    const error = await new FileTokenCacheStore(path).load().catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(TokenCacheStoreError);
    expect((error as Error & { cause: NodeJS.ErrnoException }).cause.code).toBe('EISDIR');
  });

  test('an empty path is rejected', () => {
    expect(() => new FileTokenCacheStore('')).toThrow(TokenCacheStoreError);
  });
});
