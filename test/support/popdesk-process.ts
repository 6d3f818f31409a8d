import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const POPDESK = fileURLToPath(new URL('../../src/cli/popdesk.ts', import.meta.url));

/** What a finished `popdesk` process left behind. */
export interface PopdeskExit {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A running `popdesk` command line. */
export interface PopdeskProcess {
  readonly child: ChildProcess;
  /** Everything written to stdout so far. */
  stdout(): string;
  /** Resolves once stdout holds `text`; rejects if the process exits first. */
  printed(text: string): Promise<void>;
  readonly exit: Promise<PopdeskExit>;
}

/** Starts the real `popdesk` command line (through tsx, as `npm run popdesk` does). */
export function startPopdesk(args: readonly string[], env: Record<string, string> = {}): PopdeskProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', POPDESK, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: Array<{ text: string; resolve: () => void }> = [];
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    for (const waiter of waiters.filter((candidate) => stdout.includes(candidate.text))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exit = new Promise<PopdeskExit>((resolve) => {
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
  return {
    child,
    stdout: () => stdout,
    printed: (text) =>
      stdout.includes(text)
        ? Promise.resolve()
        : new Promise<void>((resolve, reject) => {
            waiters.push({ text, resolve });
            void exit.then(({ code }) =>
              reject(new Error(`popdesk exited with ${code} before printing ${text}:\n${stderr}`)),
            );
          }),
    exit,
  };
}
