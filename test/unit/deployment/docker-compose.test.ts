import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { parseConfig } from '../../../src/config/index.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const read = (path: string): string => readFileSync(`${ROOT}/${path}`, 'utf8');

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  secrets?: string[];
  healthcheck?: { test?: string[] };
}
interface Compose {
  services: Record<string, Service>;
  secrets: Record<string, { file: string }>;
  volumes: Record<string, unknown>;
}

// Docker Compose resolves YAML merge keys (`<<: *popdesk`); so does `merge: true`.
const compose = parse(read('docker-compose.yml'), { merge: true }) as Compose;
const popdeskServices = Object.entries(compose.services).filter(([name]) => name !== 'redis');

describe('docker-compose.yml', () => {
  test('one image, built once, runs every popdesk service', () => {
    expect(popdeskServices.map(([name]) => name).sort()).toEqual(['poller', 'worker']);
    for (const [, service] of popdeskServices) expect(service.image).toBe('popdesk:local');
    expect(popdeskServices.filter(([, service]) => service.build !== undefined)).toHaveLength(1);
  });

  test('each popdesk service is health-checked on /healthz with Node (the slim image has no curl)', () => {
    for (const [, service] of popdeskServices) {
      const [kind, command, flag, script] = service.healthcheck?.test ?? [];
      expect([kind, command, flag]).toEqual(['CMD', 'node', '-e']);
      expect(script).toContain("fetch('http://127.0.0.1:9464/healthz')");
      expect(() => new Script(script ?? '')).not.toThrow();
    }
  });

  test('the listener faces the container network', () => {
    for (const [, service] of popdeskServices) expect(service.environment?.POPDESK_HTTP_HOST).toBe('0.0.0.0');
  });

  test('the mailbox password is a secret of the poller only; a worker starts without it', () => {
    const { poller, worker } = compose.services;
    expect(compose.secrets.mailbox_password?.file).toBe('./secrets/mailbox_password');
    expect(poller?.secrets).toContain('mailbox_password');
    expect(worker?.secrets).not.toContain('mailbox_password');
    expect(worker?.command).toEqual(expect.arrayContaining(['--role', 'worker']));
  });

  test('the OAuth token cache file lives on a named volume where the example config puts it', () => {
    expect(Object.keys(compose.volumes)).toContain('popdesk-tokens');
    expect(compose.services.poller?.volumes).toContain('popdesk-tokens:/var/lib/popdesk');
    expect(compose.services.poller?.volumes).toContain('./config:/etc/popdesk:ro');
    const example = parseConfig({
      yamlText: read('config/example.yaml'),
      env: {},
      readFile: () => 'a-secret-from-a-file',
    });
    const auth = example.mailboxes[0]?.auth;
    expect(auth?.type === 'oauth2-outlook' ? auth.tokenCache : undefined).toEqual({
      type: 'file',
      path: expect.stringMatching(/^\/var\/lib\/popdesk\//),
    });
  });
});

describe('the image', () => {
  test('is built on a current Node LTS, slim', () => {
    expect(read('Dockerfile')).toMatch(/^ARG NODE_IMAGE=node:(22|24)-bookworm-slim$/m);
  });

  test('.dockerignore keeps dependencies, builds, history, tests and secrets out of the context', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const entry of [
      'node_modules',
      'dist',
      'bench-results',
      '.git',
      'secrets',
      'config/popdesk.yaml',
      'test',
    ])
      expect(ignored).toContain(entry);
  });

  test('.gitignore keeps secrets and the live config out of git', () => {
    const ignored = read('.gitignore').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['secrets/', 'config/popdesk.yaml']));
  });
});
