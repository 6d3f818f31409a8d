import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { formatConfigIssue, loadConfig } from '../../../src/config/index.js';
import { configErrorOf, yamlWith } from './config-fixtures.js';

describe('loadConfig', () => {
  let directory: string;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'popdesk-config-'));
    // Start from an environment without popdesk variables, whatever the machine has.
    for (const name of Object.keys(process.env)) if (name.startsWith('POPDESK_')) vi.stubEnv(name, undefined);
  });

  afterEach(() => {
    vi.unstubAllEnvs();
    rmSync(directory, { recursive: true, force: true });
  });

  function write(name: string, content: string): string {
    const path = join(directory, name);
    writeFileSync(path, content);
    return path;
  }

  test('reads the file at path, process.env and the files they name', () => {
    const secretPath = write('secret', 'disk-secret-0123456789\n');
    const configPath = write(
      'popdesk.yaml',
      yamlWith({ 'helpdesk.secret': undefined, 'helpdesk.secretFile': secretPath }),
    );
    vi.stubEnv('POPDESK_WORKER_CONCURRENCY', '7');
    const config = loadConfig({ path: configPath });
    expect(config.helpdesk).toHaveProperty('secret', 'disk-secret-0123456789');
    expect(config.worker.concurrency).toBe(7);
  });

  test('falls back to POPDESK_CONFIG', () => {
    vi.stubEnv('POPDESK_CONFIG', write('popdesk.yaml', yamlWith({ 'log.level': 'warn' })));
    expect(loadConfig().log.level).toBe('warn');
  });

  test('an explicit path wins over POPDESK_CONFIG', () => {
    vi.stubEnv('POPDESK_CONFIG', join(directory, 'missing.yaml'));
    expect(loadConfig({ path: write('popdesk.yaml', yamlWith()) }).mailboxes).toHaveLength(1);
  });

  test('a config file that cannot be read is a ConfigError saying where its path came from', () => {
    const missing = join(directory, 'missing.yaml');
    expect(configErrorOf(() => loadConfig({ path: missing })).issues.map(formatConfigIssue)).toEqual([
      `config file: cannot read ${missing}: ENOENT`,
    ]);
    vi.stubEnv('POPDESK_CONFIG', missing);
    const error = configErrorOf(() => loadConfig());
    expect(error.issues.map(formatConfigIssue)).toEqual([
      `config file (from POPDESK_CONFIG): cannot read ${missing}: ENOENT`,
    ]);
    expect(error.cause).toMatchObject({ code: 'ENOENT' });
  });

  test('with no file at all, says a config file is needed', () => {
    expect(configErrorOf(() => loadConfig()).message).toContain(
      'mailboxes can only be listed in a config file',
    );
  });

  test('errors name the file', () => {
    const path = write('popdesk.yaml', yamlWith({ 'mailboxes.0.port': 99999 }));
    expect(configErrorOf(() => loadConfig({ path })).message).toBe(
      `Invalid configuration in ${path} (1 problem):\n  mailboxes[support].port: must be between 1 and 65535 (got 99999)`,
    );
  });
});
