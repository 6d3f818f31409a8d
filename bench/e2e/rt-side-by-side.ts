import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { stringify } from 'yaml';
import { startRequestTracker } from '../../dev/servers/request-tracker-server.js';
import { startPipelineEnvironment } from '../../test/support/pipeline-environment.js';
import { testMails } from '../../test/support/test-mails.js';
import { startCountingProxy } from './counting-proxy.js';
import { runFetchmailIntoRt } from './fetchmail-into-rt.js';
import { cpusBusyBetween, type MachineCpu, machineCpu } from './machine-cpu.js';

/** One path's run into RT. */
export interface RtPathResult {
  readonly path: 'popdesk' | 'fetchmail + rt-mailgate';
  readonly mails: number;
  readonly seconds: number;
  /** Tickets RT holds in the path's queue afterwards: must equal `mails`. */
  readonly tickets: number;
  /** Requests the path sent to RT, by `METHOD /path`. */
  readonly requests: Readonly<Record<string, number>>;
  readonly requestsPerMail: number;
  /** CPUs the whole machine kept busy on average while the path ran (RT, popdesk or fetchmail, Redis, Dovecot). */
  readonly machineCpusBusy: number;
}

/** What {@link measureRtSideBySide} runs. */
export interface RtSideBySide {
  readonly repository: string;
  readonly mails: number;
  /** popdesk's `worker.concurrency`. */
  readonly concurrency: number;
}

/**
 * Both paths into one private RT 5 (the tests' instance, REST2 and mail gateway behind a
 * counting proxy), one after the other on the same seeded mails in the same Dovecot mailbox:
 * popdesk's compiled `poll-once` into queue `Popdesk`, then fetchmail with `rt-mailgate` as its
 * MDA into `General`, as RT's docs set it up (Everyone may CreateTicket and ReplyToTicket).
 * Each is timed from start to exit, and RT's ticket count per queue is checked.
 */
export async function measureRtSideBySide(run: RtSideBySide): Promise<RtPathResult[]> {
  const [env, rt] = await Promise.all([startPipelineEnvironment(), startRequestTracker()]);
  const proxy = await startCountingProxy(rt.url);
  const dir = await mkdtemp(join(tmpdir(), 'popdesk-bench-rt-'));
  try {
    rt.grantEveryone('CreateTicket', 'ReplyToTicket');
    await rt.createQueue('Popdesk');
    const raws = testMails(run.mails, { tag: 'rt' }).map((mail) => mail.raw);
    const countTickets = async (queue: string): Promise<number> =>
      (
        await rt.api.get<{ total: number }>('/tickets', {
          params: { query: `Queue = '${queue}'`, per_page: 1 },
        })
      ).data.total;
    const results: RtPathResult[] = [];

    await env.dovecot.deliver(env.user.username, raws);
    const configPath = join(dir, 'popdesk.yaml');
    await writeFile(
      configPath,
      stringify(
        env.configData({
          helpdesk: {
            type: 'rt',
            url: proxy.url,
            token: rt.token,
            rtname: rt.rtname,
            defaultQueue: 'Popdesk',
          },
          worker: { concurrency: run.concurrency },
          log: { level: 'warn' },
        }),
      ),
    );
    proxy.reset();
    let started = performance.now();
    let cpu = machineCpu();
    await pollOnce(run.repository, configPath);
    results.push(result('popdesk', run.mails, started, cpu, await countTickets('Popdesk'), proxy));

    await env.dovecot.deliver(env.user.username, raws);
    proxy.reset();
    started = performance.now();
    cpu = machineCpu();
    await runFetchmailIntoRt({
      host: env.dovecot.host,
      port: env.dovecot.pop3sPort,
      caFile: env.dovecot.certificatePath,
      certificateName: 'localhost',
      username: env.user.username,
      password: env.user.password,
      rtUrl: proxy.url,
      queue: 'General',
    });
    results.push(
      result('fetchmail + rt-mailgate', run.mails, started, cpu, await countTickets('General'), proxy),
    );
    return results;
  } finally {
    await proxy.close();
    await Promise.all([env.stop(), rt.stop()]);
    await rm(dir, { recursive: true, force: true });
  }
}

function result(
  path: RtPathResult['path'],
  mails: number,
  started: number,
  cpuBefore: MachineCpu,
  tickets: number,
  proxy: { counts: ReadonlyMap<string, number>; total(): number },
): RtPathResult {
  const seconds = (performance.now() - started) / 1000;
  const machineCpusBusy = cpusBusyBetween(cpuBefore, machineCpu(), availableParallelism());
  if (tickets !== mails) throw new Error(`${path}: RT holds ${tickets} tickets for ${mails} mails`);
  return {
    path,
    mails,
    seconds,
    tickets,
    requests: Object.fromEntries(proxy.counts),
    requestsPerMail: proxy.total() / mails,
    machineCpusBusy,
  };
}

/** The compiled `popdesk poll-once`, to its exit. */
async function pollOnce(repository: string, configPath: string): Promise<void> {
  const child = spawn(
    process.execPath,
    [join(repository, 'dist/cli/popdesk.js'), 'poll-once', '--config', configPath],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const code = await new Promise<number | null>((done) => child.on('exit', done));
  if (code !== 0) throw new Error(`popdesk poll-once exited with ${code}`);
}
