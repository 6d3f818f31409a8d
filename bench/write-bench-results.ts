import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const RESULTS_DIR = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'bench-results');

/** Writes a bench's report as indented JSON to `bench-results/<name>.json`; resolves with the path. */
export async function writeBenchResults(name: string, report: unknown): Promise<string> {
  const path = join(RESULTS_DIR, `${name}.json`);
  await mkdir(RESULTS_DIR, { recursive: true });
  await writeFile(path, `${JSON.stringify(report, null, 2)}\n`);
  return path;
}
