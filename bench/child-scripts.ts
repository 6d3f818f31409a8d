import { execFile, spawn } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const REPOSITORY = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Lists every entry point that runs in a child process. */
const PROJECT = join(REPOSITORY, 'bench', 'tsconfig.child-scripts.json');
/** Inside the repository, so that the compiled scripts resolve packages from its node_modules. */
const OUT_DIR = join(REPOSITORY, 'node_modules', '.cache', 'popdesk-bench');

/** The bench's child-process entry points, compiled to plain JavaScript. */
export interface ChildScripts {
  /** The compiled file for a source entry point such as `bench/pop3/stream-rss.ts`. */
  path(entry: string): string;
  remove(): Promise<void>;
}

/**
 * Compiles the child entry points with the project's own `tsc`. Children run as plain `node`
 * rather than under tsx because tsx's loader thread adds about 45 MB of resident memory (an
 * empty script peaks at 85 MB instead of 40), which would swamp a peak-RSS figure, and because
 * popdesk itself runs compiled.
 */
export async function compileChildScripts(): Promise<ChildScripts> {
  await rm(OUT_DIR, { recursive: true, force: true });
  const tsc = join(REPOSITORY, 'node_modules', '.bin', 'tsc');
  try {
    await promisify(execFile)(tsc, ['-p', PROJECT, '--outDir', OUT_DIR], { cwd: REPOSITORY });
  } catch (error) {
    const output = error instanceof Error && 'stdout' in error ? String(error.stdout) : '';
    throw new Error(`compiling the bench's child scripts failed:\n${output}`, { cause: error });
  }
  await mkdir(OUT_DIR, { recursive: true });
  // The repository's package.json says "type": "module"; out here the compiled files need their own.
  await writeFile(join(OUT_DIR, 'package.json'), '{ "type": "module" }\n');
  return {
    path: (entry) => join(OUT_DIR, relative(REPOSITORY, resolve(REPOSITORY, entry)).replace(/\.ts$/, '.js')),
    remove: () => rm(OUT_DIR, { recursive: true, force: true }),
  };
}

/** How {@link runJsonChild} starts and watches the script. */
export interface JsonChildOptions {
  /** A command the script runs under, e.g. `['ip', 'netns', 'exec', name]`; none by default. */
  readonly wrapper?: readonly string[];
  /** Receives each line of the script's stderr as it comes. */
  readonly log?: (line: string) => void;
}

/** The stderr lines a failure message carries: the last ones, where the error is. */
const STDERR_TAIL_LINES = 20;

/**
 * Runs a compiled script with `node`, writes `input` to its stdin as JSON and parses the last
 * line it prints as JSON. A non-zero exit rejects with the end of the script's stderr.
 */
export function runJsonChild<T>(script: string, input: unknown, options: JsonChildOptions = {}): Promise<T> {
  const [command = process.execPath, ...args] = [...(options.wrapper ?? []), process.execPath, script];
  return new Promise<T>((resolvePromise, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let partial = '';
    const tail: string[] = [];
    const take = (line: string): void => {
      tail.push(line);
      if (tail.length > STDERR_TAIL_LINES) tail.shift();
      options.log?.(line);
    };
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      const lines = (partial + text).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) take(line);
    });
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (partial !== '') take(partial);
      if (code !== 0) {
        reject(
          new Error(
            `${relative(REPOSITORY, script)} failed (${signal ?? `exit ${code}`}):\n${tail.join('\n')}`,
          ),
        );
        return;
      }
      const last = stdout.trim().split('\n').at(-1) ?? '';
      try {
        resolvePromise(JSON.parse(last) as T);
      } catch (error) {
        reject(
          new Error(`${relative(REPOSITORY, script)} printed no JSON result: ${last}`, { cause: error }),
        );
      }
    });
    child.stdin.end(JSON.stringify(input));
  });
}
