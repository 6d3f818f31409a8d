import { expect } from 'vitest';
import { stringify } from 'yaml';
import {
  type ConfigEnv,
  ConfigError,
  type PopdeskConfig,
  parseConfig,
  type ReadFile,
} from '../../../src/config/index.js';

/** A valid config with one password mailbox, as plain data. */
export const BASE_CONFIG = {
  mailboxes: [
    { id: 'support', host: 'pop.example.com', username: 'support@example.com', password: 'mailbox-password' },
  ],
  helpdesk: {
    type: 'webhook',
    url: 'https://helpdesk.example.com/tickets',
    secret: 'webhook-secret-0123456789',
  },
};

/**
 * BASE_CONFIG as YAML with `changes` applied: each key is a dotted path (`mailboxes.0.port`),
 * each value replaces what is there; `undefined` removes the key.
 */
export function yamlWith(changes: Record<string, unknown> = {}): string {
  const config: unknown = structuredClone(BASE_CONFIG);
  for (const [dotted, value] of Object.entries(changes)) setPath(config, dotted.split('.'), value);
  return stringify(config);
}

/** A readFile over an in-memory set of files; a missing file fails like fs does, with ENOENT. */
export function fakeReadFile(files: Readonly<Record<string, string>> = {}): ReadFile {
  return (path) => {
    const content = files[path];
    if (content === undefined) {
      throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' });
    }
    return content;
  };
}

/** parseConfig on `yamlText` as `popdesk.yaml`, with the given environment and files. */
export function parse(
  yamlText: string | undefined,
  options: { env?: ConfigEnv; files?: Record<string, string> } = {},
): PopdeskConfig {
  return parseConfig({
    ...(yamlText === undefined ? {} : { yamlText, sourceName: 'popdesk.yaml' }),
    env: options.env ?? {},
    readFile: fakeReadFile(options.files),
  });
}

/** The ConfigError `run` throws; fails the test when it throws nothing or something else. */
export function configErrorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    if (error instanceof ConfigError) return error;
  }
  throw new Error('expected a ConfigError, but nothing was thrown');
}

function setPath(root: unknown, path: readonly string[], value: unknown): void {
  const [head, ...rest] = path;
  if (head === undefined || typeof root !== 'object' || root === null)
    throw new Error(`bad path ${path.join('.')}`);
  const node = root as Record<string, unknown>;
  if (rest.length > 0) {
    node[head] ??= /^\d+$/.test(rest[0] ?? '') ? [] : {};
    setPath(node[head], rest, value);
  } else if (value === undefined) {
    delete node[head];
  } else {
    node[head] = value;
  }
}
