import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const POPDESK = fileURLToPath(new URL('../../src/cli/popdesk.ts', import.meta.url));

/** A running `popdesk` command line, with everything it wrote so far. */
export interface PopdeskRun {
  readonly child: ChildProcess;
  readonly output: { stdout: string; stderr: string };
  readonly exit: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/** Starts the real `popdesk` command line as a child process, with `env` added to the environment. */
export function popdesk(args: string[], env: Record<string, string> = {}): PopdeskRun {
  const child = spawn(process.execPath, ['--import', 'tsx', POPDESK, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout?.on('data', (chunk: Buffer) => {
    output.stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output.stderr += chunk.toString();
  });
  const exit = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    child.on('exit', (code) => resolve({ code, ...output }));
  });
  return { child, output, exit };
}
