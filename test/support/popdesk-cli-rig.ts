import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { Pop3TestServer } from '../../dev/servers/pop3-test-server.js';
import { startRedis } from '../../dev/servers/redis-server.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../dev/servers/webhook-receiver.js';
import { popdesk } from './popdesk-cli.js';

/** A run that has not ended by then is killed and reported, so a hanging popdesk fails the test. */
const RUN_LIMIT_MS = 120_000;

/** How one `popdesk` command ended. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** True when the run was killed for outlasting {@link RUN_LIMIT_MS}. */
  readonly killed: boolean;
  /** The warnings and errors it logged, `msg: err.message` each, for an assertion's message. */
  readonly problems: string;
}

/** The real `popdesk` command line wired to one POP3 server, a private Redis and a webhook receiver. */
export interface PopdeskCliRig {
  readonly receiver: WebhookReceiver;
  /**
   * Runs `popdesk <command> --config <rig's config>` and waits until it exits. With
   * `freshRedisState`, popdesk gets a key prefix of its own, as a new installation would: nothing
   * it remembered from earlier runs (ledger, the server's LOGIN-DELAY) is there.
   */
  run(command: string, options?: { freshRedisState?: boolean }): Promise<CliRun>;
  stop(): Promise<void>;
}

/**
 * Starts Redis and a webhook receiver on free loopback ports and writes a YAML config whose one
 * mailbox (`support`) is `user` on `server`, plain POP3, as an operator of that server would.
 */
export async function startPopdeskCliRig(
  server: Pop3TestServer,
  user: { readonly username: string; readonly password: string },
  /** More keys of the mailbox entry, e.g. `batchSize`. */
  mailbox: Record<string, unknown> = {},
): Promise<PopdeskCliRig> {
  const secret = randomBytes(24).toString('hex');
  const [redis, receiver, dir] = await Promise.all([
    startRedis(),
    startWebhookReceiver({ secret }),
    mkdtemp(join(tmpdir(), 'popdesk-cli-rig-')),
  ]);
  let configs = 0;
  const writeConfig = async (): Promise<string> => {
    configs += 1;
    const path = join(dir, `popdesk-${configs}.yaml`);
    await writeFile(
      path,
      stringify({
        redis: { url: redis.url, prefix: `t${randomBytes(4).toString('hex')}` },
        mailboxes: [
          {
            id: 'support',
            host: server.host,
            port: server.port,
            tls: 'none',
            username: user.username,
            password: user.password,
            pollInterval: '1s',
            // Short, so a session waiting for a reply that never comes ends the run quickly.
            timeout: '10s',
            ...mailbox,
          },
        ],
        helpdesk: { type: 'webhook', url: receiver.url, secret },
        worker: { concurrency: 4, backoff: { initial: '200ms', max: '1s' } },
        log: { level: 'info' },
      }),
    );
    return path;
  };
  const config = await writeConfig();
  return {
    receiver,
    run: async (command, options = {}) =>
      runPopdesk([command, '--config', options.freshRedisState === true ? await writeConfig() : config]),
    async stop() {
      await receiver.close();
      await redis.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function runPopdesk(args: readonly string[]): Promise<CliRun> {
  const run = popdesk(args);
  let killed = false;
  const limit = setTimeout(() => {
    killed = true;
    run.child.kill('SIGKILL');
  }, RUN_LIMIT_MS);
  const { code, stdout, stderr } = await run.exit;
  clearTimeout(limit);
  return { code, stdout, stderr, killed, problems: problemsIn(stdout) };
}

function problemsIn(stdout: string): string {
  const problems: string[] = [];
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    const entry = JSON.parse(line) as {
      level?: unknown;
      msg?: unknown;
      err?: { message?: unknown };
      error?: { message?: unknown };
    };
    if (entry.level !== 'warn' && entry.level !== 'error') continue;
    // `error` is how an expected failure is logged (no stack), `err` a bug's whole error.
    const failure = entry.error ?? entry.err;
    problems.push(`${String(entry.msg)}${failure !== undefined ? `: ${String(failure.message)}` : ''}`);
  }
  return problems.join('; ');
}
