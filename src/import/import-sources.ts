import { createReadStream } from 'node:fs';
import { open, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { MboxSplitter } from './mbox-splitter.js';

/** One mail read from an import source, or why a source (or one of its mails) could not be read. */
export type ImportItem =
  | {
      /** The file, or the mbox file and the mail's number in it (`backlog.mbox#12`). */
      readonly source: string;
      readonly raw: Buffer;
      /** How far into the sources' total bytes this item took the reading, for a progress bar. */
      readonly bytes: number;
    }
  | { readonly source: string; readonly error: string; readonly bytes: number };

/** How a path given to `popdesk import` is read. */
type SourceKind = 'mbox' | 'maildir' | 'eml-directory' | 'eml';

/** A path given to `popdesk import`: an mbox, or the mail files it holds; or why it cannot be read. */
export type ImportSource =
  | { readonly path: string; readonly mbox: true }
  | { readonly path: string; readonly mbox: false; readonly files: readonly string[] }
  | { readonly path: string; readonly error: string };

/** The Maildir folders that hold mail; `tmp/` holds mail still being written, never read. */
const MAILDIR_FOLDERS = ['new', 'cur'] as const;

/**
 * What each path is, and for a Maildir folder, a directory of `.eml` files or a single `.eml`
 * file, the mail files to read: found once, for both the progress bar's total and the reading.
 */
export async function findImportSources(paths: readonly string[]): Promise<ImportSource[]> {
  const sources: ImportSource[] = [];
  for (const path of paths) {
    try {
      const kind = await sourceKind(path);
      if (kind === 'mbox') sources.push({ path, mbox: true });
      else sources.push({ path, mbox: false, files: kind === 'eml' ? [path] : await mailFiles(path, kind) });
    } catch (error) {
      sources.push({ path, error: reason(error) });
    }
  }
  return sources;
}

/**
 * Reads mail from every source in turn: mbox files (streamed, one mail in memory at a time) and
 * mail files. A source that cannot be read is one item with its error; the others are still read.
 */
export async function* readImportSources(sources: readonly ImportSource[]): AsyncGenerator<ImportItem> {
  for (const source of sources) {
    if ('error' in source) yield { source: source.path, error: source.error, bytes: 0 };
    else if (source.mbox) yield* readMbox(source.path);
    else yield* readFiles(source.files);
  }
}

/** The bytes {@link readImportSources} will read from `sources`, for a progress bar's total. */
export async function importBytes(sources: readonly ImportSource[]): Promise<number> {
  let total = 0;
  for (const source of sources) {
    if ('error' in source) continue;
    for (const file of source.mbox ? [source.path] : source.files) {
      try {
        total += (await stat(file)).size;
      } catch {
        // Reported when it is read.
      }
    }
  }
  return total;
}

/** What `path` is: a Maildir holds `new/` or `cur/`; a file starting with `From ` is an mbox. */
async function sourceKind(path: string): Promise<SourceKind> {
  const info = await stat(path);
  if (info.isDirectory()) {
    const entries = new Set(await readdir(path));
    return MAILDIR_FOLDERS.some((folder) => entries.has(folder)) ? 'maildir' : 'eml-directory';
  }
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(5);
    const { bytesRead } = await handle.read(head, 0, 5, 0);
    return head.subarray(0, bytesRead).toString('latin1') === 'From ' ? 'mbox' : 'eml';
  } finally {
    await handle.close();
  }
}

/** The mail files of a Maildir (`new/`, then `cur/`) or the `.eml` files of a directory, sorted by name. */
async function mailFiles(path: string, kind: 'maildir' | 'eml-directory'): Promise<string[]> {
  if (kind === 'eml-directory') {
    const names = (await readdir(path)).filter((name) => name.toLowerCase().endsWith('.eml')).sort();
    return names.map((name) => join(path, name));
  }
  const files: string[] = [];
  for (const folder of MAILDIR_FOLDERS) {
    const names = await readdir(join(path, folder)).catch(() => [] as string[]);
    // Dot files are not mail (Maildir++ keeps its own files beside the messages).
    files.push(
      ...names
        .filter((name) => !name.startsWith('.'))
        .sort()
        .map((name) => join(path, folder, name)),
    );
  }
  return files;
}

async function* readFiles(files: readonly string[]): AsyncGenerator<ImportItem> {
  for (const file of files) {
    try {
      const raw = await readFile(file);
      yield { source: file, raw, bytes: raw.length };
    } catch (error) {
      yield { source: file, error: reason(error), bytes: 0 };
    }
  }
}

async function* readMbox(path: string): AsyncGenerator<ImportItem> {
  const splitter = new MboxSplitter();
  let number = 0;
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
      for (const raw of splitter.push(chunk as Buffer)) {
        number += 1;
        yield { source: `${path}#${number}`, raw, bytes: raw.length };
      }
    }
    for (const raw of splitter.end()) {
      number += 1;
      yield { source: `${path}#${number}`, raw, bytes: raw.length };
    }
  } catch (error) {
    yield { source: `${path}#${number + 1}`, error: reason(error), bytes: 0 };
  }
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
