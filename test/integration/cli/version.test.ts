import { readFile } from 'node:fs/promises';
import { expect, test } from 'vitest';
import { popdesk } from '../../support/popdesk-cli.js';

test('popdesk --version prints the version of package.json and exits 0', async () => {
  const manifest = JSON.parse(await readFile(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  const result = await popdesk(['--version']).exit;
  expect(result.code).toBe(0);
  expect(result.stdout).toBe(`${manifest.version}\n`);
});
