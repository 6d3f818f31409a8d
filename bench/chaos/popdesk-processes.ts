import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ChaosRole } from './chaos-plan.js';

/** Where and how the popdesk processes run. */
export interface PopdeskProcessOptions {
  readonly repository: string;
  readonly configPath: string;
  /** Each process's stdout and stderr go to `<logDir>/<role>.log`, appended across restarts. */
  readonly logDir: string;
}

/**
 * The popdesk processes of a chaos run: `popdesk start --role poller|worker`, each a Node process
 * of its own running the TypeScript sources through tsx's loader (one process, so SIGKILL hits
 * popdesk itself and not a wrapper).
 */
export class PopdeskProcesses {
  private readonly running = new Map<ChaosRole, ChildProcess>();
  private readonly logs = new Map<ChaosRole, WriteStream>();
  private readonly frozen = new Map<ChildProcess, NodeJS.Timeout>();
  private readonly ready = new WeakMap<ChildProcess, Promise<boolean>>();
  /** Exits no one asked for (a crash), by role. */
  readonly unexpectedExits: Array<{ role: ChaosRole; code: number | null; signal: string | null }> = [];

  constructor(private readonly options: PopdeskProcessOptions) {}

  start(role: ChaosRole): void {
    if (this.running.has(role)) return;
    let log = this.logs.get(role);
    if (log === undefined) {
      log = createWriteStream(join(this.options.logDir, `${role}.log`), { flags: 'a' });
      this.logs.set(role, log);
    }
    log.write(`${JSON.stringify({ chaos: 'start', role, time: new Date().toISOString() })}\n`);
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(this.options.repository, 'src/cli/popdesk.ts'),
        'start',
        '--role',
        role === 'poller' ? 'poller' : 'worker',
        '--config',
        this.options.configPath,
      ],
      { cwd: this.options.repository, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env } },
    );
    this.ready.set(child, announcedRunning(child));
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    child.once('exit', (code, signal) => {
      if (this.running.get(role) !== child) return;
      this.running.delete(role);
      this.unexpectedExits.push({ role, code, signal });
      log?.write(`${JSON.stringify({ chaos: 'exited by itself', role, code, signal })}\n`);
    });
    this.running.set(role, child);
  }

  /**
   * Waits until the role's process (or the one about to be restarted) logged "popdesk running",
   * at most `timeoutMs`, so faults hit popdesk at work rather than Node still loading it.
   */
  async whenRunning(role: ChaosRole, timeoutMs: number): Promise<boolean> {
    const deadline = performance.now() + timeoutMs;
    while (performance.now() < deadline) {
      const child = this.running.get(role);
      const ready = child === undefined ? undefined : this.ready.get(child);
      if (ready !== undefined) {
        const left = Math.max(0, deadline - performance.now());
        return Promise.race([ready, sleep(left).then(() => false)]);
      }
      await sleep(100);
    }
    return false;
  }

  /** SIGKILLs the role's process and waits until it is gone; false when none was running. */
  async kill(role: ChaosRole): Promise<boolean> {
    const child = this.running.get(role);
    if (child === undefined) return false;
    this.running.delete(role);
    this.logs
      .get(role)
      ?.write(`${JSON.stringify({ chaos: 'SIGKILL', role, time: new Date().toISOString() })}\n`);
    await this.signal(child, 'SIGKILL');
    return true;
  }

  /**
   * SIGSTOPs the role's process and SIGCONTs it `forMs` later, unless it was killed meanwhile:
   * alive but silent, like a process in a long GC pause or behind a partition.
   */
  freeze(role: ChaosRole, forMs: number): boolean {
    const child = this.running.get(role);
    if (child === undefined) return false;
    this.logs
      .get(role)
      ?.write(`${JSON.stringify({ chaos: 'SIGSTOP', role, forMs, time: new Date().toISOString() })}\n`);
    child.kill('SIGSTOP');
    const timer = setTimeout(() => this.thaw(child, role), forMs);
    this.frozen.set(child, timer);
    return true;
  }

  /** Stops every process: SIGTERM (popdesk finishes the mail in hand), SIGKILL after `graceMs`. */
  async stopAll(graceMs: number): Promise<void> {
    const children = [...this.running.values()];
    this.running.clear();
    // A stopped process would not see SIGTERM until it runs again.
    for (const [child, timer] of this.frozen) {
      clearTimeout(timer);
      child.kill('SIGCONT');
    }
    this.frozen.clear();
    await Promise.all(
      children.map(async (child) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await this.signal(child, 'SIGTERM');
        clearTimeout(timer);
      }),
    );
    for (const log of this.logs.values()) log.end();
    this.logs.clear();
  }

  private thaw(child: ChildProcess, role: ChaosRole): void {
    this.frozen.delete(child);
    if (child.exitCode !== null || child.signalCode !== null) return;
    this.logs
      .get(role)
      ?.write(`${JSON.stringify({ chaos: 'SIGCONT', role, time: new Date().toISOString() })}\n`);
    child.kill('SIGCONT');
  }

  private async signal(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill(signal);
    await exited;
  }
}

/** Resolves true once the process logs popdesk's "popdesk running" line, false if it exits first. */
function announcedRunning(child: ChildProcess): Promise<boolean> {
  return new Promise((resolve) => {
    let tail = '';
    const onData = (chunk: Buffer): void => {
      tail = (tail + chunk.toString('utf8')).slice(-4096);
      if (tail.includes('"msg":"popdesk running"')) {
        child.stdout?.off('data', onData);
        resolve(true);
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', () => resolve(false));
  });
}
