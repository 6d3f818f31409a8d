import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import axios from 'axios';
import { stringify } from 'yaml';
import { type DovecotServer, type DovecotUser, startDovecot } from '../../dev/servers/dovecot-server.js';
import { type RedisServer, startRedis } from '../../dev/servers/redis-server.js';
import {
  startWebhookReceiver,
  type WebhookReceiver,
  type WebhookReceiverOptions,
} from '../../dev/servers/webhook-receiver.js';
import { PopdeskApp } from '../../src/app/popdesk-app.js';
import type { PopdeskAppDeps } from '../../src/app/popdesk-app-deps.js';
import type { PopdeskAppTestSeams } from '../../src/app/popdesk-app-test-seams.js';
import { type PopdeskConfig, parseConfigObject } from '../../src/config/index.js';
import { createLogger } from '../../src/observability/create-logger.js';

/** Everything a pipeline test runs against: real Redis, real Dovecot, a webhook receiver. */
export interface PipelineEnvironment {
  readonly redis: RedisServer;
  readonly dovecot: DovecotServer;
  readonly user: DovecotUser;
  readonly secret: string;
  receiver: WebhookReceiver;
  /** Every JSON log line any app of this environment wrote. */
  readonly logs: string[];
  /** The config as plain data (what a YAML file would hold), with `overrides` merged in. */
  configData(overrides?: Record<string, unknown>): Record<string, unknown>;
  config(overrides?: Record<string, unknown>): PopdeskConfig;
  /**
   * Writes the config as an operator's YAML file (log level info, `overrides` merged in) for the
   * `popdesk` command line, and returns its path; the files go when the environment stops.
   */
  configFile(name: string, overrides?: Record<string, unknown>): Promise<string>;
  app(options?: {
    overrides?: Record<string, unknown>;
    testSeams?: PopdeskAppTestSeams;
    deps?: Partial<PopdeskAppDeps>;
  }): Promise<PopdeskApp>;
  /** Replaces the receiver, e.g. with one that fails on a script. */
  restartReceiver(options?: Omit<WebhookReceiverOptions, 'secret'>): Promise<void>;
  stop(): Promise<void>;
}

/** Starts Redis, Dovecot and a receiver on free loopback ports. */
export async function startPipelineEnvironment(
  receiverOptions: Omit<WebhookReceiverOptions, 'secret'> = {},
): Promise<PipelineEnvironment> {
  const [redis, dovecot] = await Promise.all([startRedis(), startDovecot()]);
  const secret = randomBytes(24).toString('hex');
  const user = dovecot.users[0]!;
  const logs: string[] = [];
  const apps: PopdeskApp[] = [];
  let configDir: string | undefined;
  const environment: PipelineEnvironment = {
    redis,
    dovecot,
    user,
    secret,
    receiver: await startWebhookReceiver({ secret, ...receiverOptions }),
    logs,
    configData(overrides = {}) {
      return deepMerge(
        {
          redis: { url: redis.url, prefix: `t${randomBytes(4).toString('hex')}` },
          mailboxes: [
            {
              id: 'support',
              host: dovecot.host,
              port: dovecot.pop3sPort,
              tls: 'implicit',
              caFile: dovecot.certificatePath,
              username: user.username,
              password: user.password,
              pollInterval: '1s',
              timeout: '20s',
            },
          ],
          helpdesk: { type: 'webhook', url: environment.receiver.url, secret },
          worker: { concurrency: 4, backoff: { initial: '200ms', max: '1s' } },
          log: { level: 'debug' },
        },
        overrides,
      );
    },
    config(overrides) {
      return parseConfigObject(environment.configData(overrides));
    },
    async configFile(name, overrides = {}) {
      configDir ??= await mkdtemp(join(tmpdir(), 'popdesk-config-'));
      const path = join(configDir, `${name}.yaml`);
      await writeFile(path, stringify(environment.configData({ log: { level: 'info' }, ...overrides })));
      return path;
    },
    async app(options = {}) {
      const config = environment.config(options.overrides);
      const destination = new Writable({
        write(chunk: Buffer, _encoding, callback) {
          logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
          callback();
        },
      });
      const logger = createLogger({ level: config.log.level, destination });
      const app = await PopdeskApp.create(
        config,
        { logger, http: axios.create(), ...options.deps },
        { workerTimings: { lockDurationMs: 3000, stalledIntervalMs: 1000 }, ...options.testSeams },
      );
      apps.push(app);
      return app;
    },
    async restartReceiver(options = {}) {
      const port = Number(new URL(environment.receiver.url).port);
      await environment.receiver.close();
      environment.receiver = await startWebhookReceiver({ secret, port, ...options });
    },
    async stop() {
      await Promise.all(apps.map((app) => app.close(1000).catch(() => undefined)));
      await environment.receiver.close();
      await Promise.all([redis.stop(), dovecot.stop()]);
      if (configDir !== undefined) await rm(configDir, { recursive: true, force: true });
    },
  };
  return environment;
}

function deepMerge(base: Record<string, unknown>, extra: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const current = result[key];
    // A section of another type (a helpdesk other than the webhook) replaces the default whole.
    const sameKind =
      isPlainObject(current) &&
      isPlainObject(value) &&
      (value.type === undefined || value.type === current.type);
    result[key] = sameKind
      ? deepMerge(current as Record<string, unknown>, value as Record<string, unknown>)
      : value;
  }
  return result;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
