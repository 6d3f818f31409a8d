import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const POPDESK = fileURLToPath(new URL('../../src/cli/popdesk.ts', import.meta.url));

/** What a finished `popdesk` process left behind. */
export interface PopdeskExit {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A running `popdesk` command line, with everything it wrote so far. */
export interface PopdeskRun {
  readonly child: ChildProcess;
  readonly output: { stdout: string; stderr: string };
  /** Resolves once stdout holds `text`; rejects if the process exits first. */
  printed(text: string): Promise<void>;
  readonly exit: Promise<PopdeskExit>;
}

/**
 * Starts the real `popdesk` command line as a child process (through tsx's loader, as `npm run
 * popdesk` does, so a signal reaches popdesk itself), with `env` added to the environment and
 * `preloads` (module paths, e.g. a fake of an outside service) imported before popdesk starts.
 */
export function popdesk(
  args: readonly string[],
  env: Record<string, string> = {},
  preloads: readonly string[] = [],
): PopdeskRun {
  const imports = preloads.flatMap((path) => ['--import', path]);
  const child = spawn(process.execPath, ['--import', 'tsx', ...imports, POPDESK, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  const waiters: Array<{ text: string; resolve: () => void }> = [];
  child.stdout?.on('data', (chunk: Buffer) => {
    output.stdout += chunk.toString('utf8');
    for (const waiter of waiters.filter((candidate) => output.stdout.includes(candidate.text))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output.stderr += chunk.toString('utf8');
  });
  const exit = new Promise<PopdeskExit>((resolve) => {
    child.on('exit', (code) => resolve({ code, ...output }));
  });
  const printed = (text: string): Promise<void> =>
    output.stdout.includes(text)
      ? Promise.resolve()
      : new Promise<void>((resolve, reject) => {
          waiters.push({ text, resolve });
          void exit.then(({ code }) =>
            reject(new Error(`popdesk exited with ${code} before printing ${text}:\n${output.stderr}`)),
          );
        });
  return { child, output, printed, exit };
}
