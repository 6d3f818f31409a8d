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

/** The top-level arguments of the call whose opening parenthesis is at `open`, as source text. */
function callArguments(text: string, open: number): string[] {
  const args: string[] = [];
  let depth = 0;
  let start = open + 1;
  for (let i = open; i < text.length; i += 1) {
    const char = text[i] ?? '';
    if ('([{'.includes(char)) depth += 1;
    else if (')]}'.includes(char)) depth -= 1;
    if ((char === ',' && depth === 1) || depth === 0) {
      args.push(text.slice(start, i).trim());
      start = i + 1;
    }
    if (depth === 0) break;
  }
  return args.filter((arg) => arg !== '');
}

test('production wiring passes no test seams: every PopdeskApp.create in src/ has two arguments', async () => {
  const entries = await readdir(SRC, { withFileTypes: true, recursive: true });
  const calls: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const file = join(entry.parentPath, entry.name);
    const text = await readFile(file, 'utf8');
    for (const call of text.matchAll(/PopdeskApp\.create\(/g)) {
      const open = call.index + call[0].length - 1;
      calls.push(`${file.slice(SRC.length + 1)}: ${callArguments(text, open).length}`);
    }
  }
  expect(calls.length).toBeGreaterThan(0);
  expect(calls.filter((call) => !call.endsWith(': 2'))).toEqual([]);
});
