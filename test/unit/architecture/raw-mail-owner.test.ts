import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const SRC = fileURLToPath(new URL('../../../src', import.meta.url));

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

test('raw mail has one owner: only raw-mail-store.ts builds the raw key', async () => {
  const owners: string[] = [];
  for (const file of await sources(SRC)) {
    if (/keys\.raw\(|\.raw\(ref\)/.test(await readFile(file, 'utf8')))
      owners.push(file.slice(SRC.length + 1));
  }
  expect(owners).toEqual(['queue/raw-mail-store.ts']);
});

test('the worker reaches Redis only through the queue module: no ioredis import in src/worker', async () => {
  const importers: string[] = [];
  for (const file of await sources(join(SRC, 'worker'))) {
    if (/from 'ioredis'/.test(await readFile(file, 'utf8'))) importers.push(file.slice(SRC.length + 1));
  }
  expect(importers).toEqual([]);
});
