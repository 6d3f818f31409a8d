import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const SRC = fileURLToPath(new URL('../../../src', import.meta.url));

/** The member names an exported interface of a source file declares, read from its text. */
async function members(file: string, name: string): Promise<string[]> {
  const text = await readFile(join(SRC, file), 'utf8');
  const body = new RegExp(`export interface ${name} \\{\\n([\\s\\S]*?)\\n\\}`).exec(text)?.[1];
  if (body === undefined) throw new Error(`no interface ${name} in ${file}`);
  return [...body.matchAll(/^ {2}readonly (\w+)\??:/gm)].map((match) => match[1] ?? '');
}

test('the production dependency type carries no test seam', async () => {
  const deps = await members('app/popdesk-app-deps.ts', 'PopdeskAppDeps');
  expect(deps).toContain('logger');
  expect(deps.filter((member) => ['instrument', 'workerTimings', 'pollLockTtlMs'].includes(member))).toEqual(
    [],
  );
  const seams = await members('app/popdesk-app-test-seams.ts', 'PopdeskAppTestSeams');
  expect(deps.filter((member) => seams.includes(member))).toEqual([]);
});

test('production code passes no test seams: in src/ only PopdeskApp imports their type', async () => {
  const entries = await readdir(SRC, { withFileTypes: true, recursive: true });
  const importers: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const file = join(entry.parentPath, entry.name);
    if (/from '[./]*(app\/)?popdesk-app-test-seams\.js'/.test(await readFile(file, 'utf8')))
      importers.push(file.slice(SRC.length + 1));
  }
  expect(importers).toEqual(['app/popdesk-app.ts']);
});
