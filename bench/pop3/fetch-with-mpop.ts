import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { notInstalled } from '../../dev/servers/require-installed.js';
import { CERTIFICATE_NAME, type FetchOutcome, type Pop3Target } from './pop3-target.js';

const MPOP = '/usr/bin/mpop';

/** Whether mpop can be run, and if not, why the comparison is skipped. */
export type MpopAvailability =
  | { readonly available: true; readonly binary: string }
  | { readonly available: false; readonly reason: string };

/** Finds mpop, which scripts/install-system-packages.sh installs; without it the comparison is skipped. */
export function locateMpop(): MpopAvailability {
  const reason = notInstalled('mpop', [MPOP]);
  return reason === undefined ? { available: true, binary: MPOP } : { available: false, reason };
}

/** How mpop is run beyond the defaults of the loopback and RTT scenarios. */
export interface MpopOptions {
  /** `on` (the default here) pipelines whatever CAPA says; `auto` only when CAPA lists PIPELINING. */
  readonly pipelining?: 'auto' | 'on' | 'off';
  /** mpop's network timeout (its default is 180 s). */
  readonly timeoutSeconds?: number;
}

/**
 * One mpop session doing the same work as popdesk's: implicit TLS with the certificate checked,
 * USER/PASS, pipelining as `options.pipelining` says (on unless told), STAT, LIST, UIDL, RETR of every message, DELE of every message,
 * QUIT. Options come from the command line only (`--host` makes mpop ignore configuration files).
 * Each mail is really delivered, to the cheapest sink mpop accepts: an mbox that is /dev/null.
 * The time runs from spawning mpop to its exit, so it includes mpop's start-up (a few ms).
 * @throws Error with mpop's output when it exits non-zero or sees other than `expected.messages` messages.
 */
export async function fetchWithMpop(
  binary: string,
  target: Pop3Target,
  expected: { readonly messages: number; readonly bytes: number },
  options: MpopOptions = {},
): Promise<FetchOutcome> {
  const work = await mkdtemp(join(tmpdir(), 'popdesk-bench-mpop-'));
  try {
    const trustFile = join(work, 'server.pem');
    const passwordFile = join(work, 'password');
    await writeFile(trustFile, target.certificate);
    await writeFile(passwordFile, target.password, { mode: 0o600 });
    const args = [
      '--file=/dev/null',
      `--host=${target.host}`,
      `--port=${target.port}`,
      ...(target.plain === true
        ? ['--tls=off']
        : [
            '--tls=on',
            '--tls-starttls=off',
            `--tls-trust-file=${trustFile}`,
            `--tls-host-override=${CERTIFICATE_NAME}`,
          ]),
      ...(options.timeoutSeconds !== undefined ? [`--timeout=${options.timeoutSeconds}`] : []),
      '--auth=user',
      `--user=${target.username}`,
      `--passwordeval=cat ${passwordFile}`,
      `--pipelining=${options.pipelining ?? 'on'}`,
      '--keep=off',
      '--received-header=off',
      '--delivery=mbox,/dev/null',
      `--uidls-file=${join(work, 'uidls')}`,
      '--half-quiet',
    ];
    // mbox delivery keeps each mail's headers in a temporary file; keep those off the disk.
    const { stdout, stderr, code, seconds } = await run(binary, args, { ...process.env, TMPDIR: work });
    if (code !== 0) {
      throw new Error(`mpop exited with ${code}:\n${stderr}${stdout}\n(mpop ${args.join(' ')})`);
    }
    // -Q prints e.g. "new: 2000 messages in 436.65 MiB, total: ..."; the size is rounded, so
    // only the count is checked here (the caller checks that the mailbox ends up empty).
    const match = /new: (\d+) messages? in [^,]+/.exec(stdout);
    const messages = Number(match?.[1] ?? Number.NaN);
    if (messages !== expected.messages) {
      throw new Error(
        `mpop saw ${match?.[0] ?? 'no new messages'}, expected ${expected.messages}:\n${stdout}`,
      );
    }
    return { messages, bytes: expected.bytes, seconds };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function run(
  binary: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<{ stdout: string; stderr: string; code: number | null; seconds: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let exited = started;
    const child = spawn(binary, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      stderr += text;
    });
    child.once('error', reject);
    child.once('exit', () => {
      exited = performance.now();
    });
    child.once('close', (code) => resolve({ stdout, stderr, code, seconds: (exited - started) / 1000 }));
  });
}
