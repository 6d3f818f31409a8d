import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Clock ticks per second of /proc/<pid>/stat's CPU times. */
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** `popdesk start --role worker` processes of the compiled CLI, and the CPU they use. */
export class WorkerProcesses {
  private readonly children: ChildProcess[] = [];

  constructor(
    private readonly repository: string,
    private readonly configPath: string,
  ) {}

  /**
   * Starts `count` worker processes and resolves once each logged "popdesk running" (the config's
   * log level must be info or finer); their stdout is read and dropped, their stderr goes to
   * this process's.
   */
  async start(count: number, timeoutMs = 60_000): Promise<void> {
    const running: Array<Promise<void>> = [];
    for (let i = 0; i < count; i += 1) {
      const child = spawn(
        process.execPath,
        [
          join(this.repository, 'dist/cli/popdesk.js'),
          'start',
          '--role',
          'worker',
          '--config',
          this.configPath,
        ],
        { cwd: this.repository, stdio: ['ignore', 'pipe', 'inherit'] },
      );
      this.children.push(child);
      running.push(announcedRunning(child, timeoutMs));
    }
    await Promise.all(running);
  }

  /** CPU seconds (user + system) the running processes have used so far, together. */
  cpuSeconds(): number {
    let ticks = 0;
    for (const child of this.children) {
      try {
        // Fields after the command name (which may hold spaces) start at the state, field 3.
        const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        ticks += Number(fields[11]) + Number(fields[12]);
      } catch {
        // The process has exited: its time is gone with it; the bench only reads running ones.
      }
    }
    return ticks / CLOCK_TICKS;
  }

  /** SIGTERM (popdesk finishes the mail in hand), SIGKILL after `graceMs`; resolves when all are gone. */
  async stop(graceMs = 5000): Promise<void> {
    await Promise.all(
      this.children.map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      }),
    );
    this.children.length = 0;
  }
}

/** Resolves when the process logs "popdesk running"; rejects if it exits or stays silent. */
function announcedRunning(child: ChildProcess, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error('a worker process did not start in time')), timeoutMs);
    const onData = (chunk: Buffer): void => {
      seen = (seen + chunk.toString('utf8')).slice(-4096);
      if (!seen.includes('"popdesk running"')) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      resolve();
    };
    const onExit = (code: number | null): void => {
      clearTimeout(timer);
      reject(new Error(`a worker process exited with ${code} before it was running`));
    };
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}
