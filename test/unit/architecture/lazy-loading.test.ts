import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * Everything a module loads when it is imported: the `src/` files and npm packages its static
 * imports reach, transitively. `import type` and dynamic `import()` load nothing at import time.
 */
function staticallyLoaded(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    const source = readFileSync(join(ROOT, file), 'utf8');
    for (const match of source.matchAll(/^(?:import|export)\s+(?!type\s)[^;]*?from\s+'([^']+)';/gms)) {
      const specifier = match[1] ?? '';
      if (specifier.startsWith('node:')) continue;
      if (!specifier.startsWith('.')) {
        packages.add(
          specifier.startsWith('@')
            ? specifier.split('/').slice(0, 2).join('/')
            : (specifier.split('/')[0] ?? ''),
        );
        continue;
      }
      visit(relative(ROOT, resolve(dirname(join(ROOT, file)), specifier.replace(/\.js$/, '.ts'))));
    }
  };
  visit(entry);
  return { files, packages };
}

const PARSER = ['mailparser', 'sanitize-html', 'email-reply-parser'];

test('the CLI loads no command until it runs: `popdesk --help` loads no Redis, parser or helpdesk client', () => {
  const { packages } = staticallyLoaded('src/cli/main.ts');
  for (const heavy of [...PARSER, 'bullmq', 'ioredis', 'axios', '@azure/msal-node']) {
    expect(packages, heavy).not.toContain(heavy);
  }
});

test('a poller never loads the MIME parser, the HTML cleaner or a helpdesk adapter, nor MSAL before an OAuth2 sign-in', () => {
  const { files, packages } = staticallyLoaded('src/cli/commands/start.ts');
  for (const heavy of [...PARSER, '@azure/msal-node']) expect(packages, heavy).not.toContain(heavy);
  expect([...files].filter((file) => /^src\/helpdesk\/.*-(adapter|client|payload)\.ts$/.test(file))).toEqual(
    [],
  );
});

test('only the configured helpdesk adapter is loaded: the factory imports none of them up front', () => {
  const { files } = staticallyLoaded('src/app/create-helpdesk-adapter.ts');
  expect([...files].filter((file) => /src\/helpdesk\/\w+\//.test(file))).toEqual([]);
});
