import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
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

  /** SIGKILLs the role's process and waits until it is gone. */
  async kill(role: ChaosRole): Promise<void> {
    const child = this.running.get(role);
    if (child === undefined) return;
    this.running.delete(role);
    this.logs
      .get(role)
      ?.write(`${JSON.stringify({ chaos: 'SIGKILL', role, time: new Date().toISOString() })}\n`);
    await this.signal(child, 'SIGKILL');
  }

  /** Stops every process: SIGTERM (popdesk finishes the mail in hand), SIGKILL after `graceMs`. */
  async stopAll(graceMs: number): Promise<void> {
    const children = [...this.running.values()];
    this.running.clear();
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

  private async signal(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill(signal);
    await exited;
  }
}
