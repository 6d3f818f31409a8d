import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { buildProgram } from '../../../src/cli/main.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(join(ROOT, dir), { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

async function matching(dirs: readonly string[], pattern: RegExp): Promise<string[]> {
  const found: string[] = [];
  for (const dir of dirs) {
    for (const file of await sources(dir)) {
      if (pattern.test(await readFile(join(ROOT, file), 'utf8'))) found.push(file);
    }
  }
  return found;
}

test('src/ ships only the product: no module in it starts processes (servers, installers live in dev/)', async () => {
  expect(await matching(['src'], /from 'node:child_process'/)).toEqual([]);
});

test('one Debian installer: no TypeScript file runs apt-get, scripts/install-system-packages.sh does', async () => {
  expect(await matching(['src', 'dev', 'test', 'bench'], /['"`]apt-get['"`]/)).toEqual([]);
});

test('the CLI is the top of src/: no other src folder imports it', async () => {
  const importers = (await matching(['src'], /from '(\.\.\/)+cli\//)).filter(
    (file) => !file.startsWith('src/cli/'),
  );
  expect(importers).toEqual([]);
});

test("the product's CLI has no demo subcommand: npm run demo runs dev/demo through tsx", () => {
  expect(buildProgram().commands.map((command) => command.name())).not.toContain('demo');
});
