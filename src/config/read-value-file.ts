import { readFileSync } from 'node:fs';

/** Reads a whole text file; injected so parsing stays free of I/O in tests. */
export type ReadFile = (path: string) => string;

/** The content of a value file, or why it could not be read. */
export type ValueFileResult =
  | { readonly ok: true; readonly value: string }
  | { readonly ok: false; readonly reason: string };

/**
 * Reads a file that holds one value (a secret, a CA certificate, an environment `_FILE`), with
 * trailing line breaks removed: `echo secret > file` and Docker secrets both end in one.
 */
export function readValueFile(readFile: ReadFile, path: string): ValueFileResult {
  try {
    return { ok: true, value: readFile(path).replace(/[\r\n]+$/, '') };
  } catch (error) {
    return { ok: false, reason: readFailureReason(error) };
  }
}

/** The short reason a read failed: the errno code (`ENOENT`, `EACCES`) when there is one. */
export function readFailureReason(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return error instanceof Error ? error.message : String(error);
}

/** Reads a UTF-8 file from the real filesystem. */
export const readFileFromDisk: ReadFile = (path) => readFileSync(path, 'utf8');
