import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { notInstalled } from '../../dev/servers/require-installed.js';

const REPOSITORY = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The environment variable that names the namespace script, as the shared folder's README asks. */
export const LATENCY_NETNS_VARIABLE = 'POPDESK_LATENCY_NETNS';

/**
 * The shared `latency-netns.sh` (a network namespace whose loopback delays TCP with NFQUEUE): from
 * `POPDESK_LATENCY_NETNS`, else `../shared/tools/latency/latency-netns.sh` beside the repository.
 */
export const LATENCY_NETNS_SCRIPT = resolve(
  REPOSITORY,
  process.env[LATENCY_NETNS_VARIABLE] ?? '../shared/tools/latency/latency-netns.sh',
);

/**
 * Every TCP port in the namespace is delayed: Dovecot picks its ports only once it runs inside,
 * and nothing else there speaks TCP. The script measures the RTT on the first port of the list.
 */
const DELAYED_PORTS = '1100,1024:65535';

/**
 * The namespace's loopback gets an Ethernet MTU. With the loopback's own 64 KiB MTU a whole
 * receive window arrives as two segments released at the same instant, and Linux's receive
 * buffer autotuning can then stay at its initial ~115 KiB for the whole session (2.3 MB/s at
 * 50 ms RTT): that was the "one run in five" 300-mixed outlier, for mpop in every run. No real
 * path to a POP3 server has a 64 KiB MTU. See docs/pop3-client.md, "Benchmark links".
 */
const LINK_MTU = 1500;

/** Whether the namespace link can be set up here, and if not, why its runs are skipped. */
export type NamespaceAvailability =
  | { readonly available: true }
  | { readonly available: false; readonly reason: string };

/** Checks for root, the script and the Debian packages it needs (scripts/install-system-packages.sh). */
export function locateLatencyNamespace(): NamespaceAvailability {
  if (process.getuid?.() !== 0) return { available: false, reason: 'the netns link needs root' };
  if (!existsSync(LATENCY_NETNS_SCRIPT)) {
    return {
      available: false,
      reason: `${LATENCY_NETNS_SCRIPT} is missing (set ${LATENCY_NETNS_VARIABLE} to latency-netns.sh)`,
    };
  }
  const reason = notInstalled('iproute2, iptables, gcc, libnetfilter-queue-dev and python3', [
    '/usr/bin/ip',
    '/usr/sbin/iptables',
    '/usr/bin/gcc',
    '/usr/include/libnetfilter_queue/libnetfilter_queue.h',
    '/usr/bin/python3',
  ]);
  return reason === undefined ? { available: true } : { available: false, reason };
}

/**
 * Creates a namespace whose TCP round trip is `2 * oneWayDelayMs`, runs `use` with its name and
 * removes the namespace afterwards, whatever happens.
 */
export async function withLatencyNamespace<T>(
  oneWayDelayMs: number,
  log: (line: string) => void,
  use: (namespace: string) => Promise<T>,
): Promise<T> {
  const namespace = `popdesk-bench-${process.pid}`;
  const run = promisify(execFile);
  try {
    const { stdout } = await run('bash', [
      LATENCY_NETNS_SCRIPT,
      'up',
      namespace,
      String(oneWayDelayMs),
      DELAYED_PORTS,
    ]);
    await run('ip', ['netns', 'exec', namespace, 'ip', 'link', 'set', 'lo', 'mtu', String(LINK_MTU)]);
    log(`netns ${namespace}: ${stdout.trim()}, loopback MTU ${LINK_MTU}`);
    return await use(namespace);
  } finally {
    await run('bash', [LATENCY_NETNS_SCRIPT, 'down', namespace]).catch((error: unknown) => {
      log(`netns ${namespace} was not removed: ${error instanceof Error ? error.message : String(error)}`);
    });
  }
}
