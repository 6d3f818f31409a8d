import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The shared TNEF samples: `POPDESK_TNEF_CORPUS`, else `../shared/corpus/tnef` from the repo root. */
export const TNEF_CORPUS = resolve(REPO_ROOT, process.env.POPDESK_TNEF_CORPUS ?? '../shared/corpus/tnef');

/** Whether the corpus is there; tests that need it skip, and say how to get it, when it is not. */
export const TNEF_CORPUS_PRESENT = existsSync(TNEF_CORPUS);

/** The line a skipped test prints. */
export const TNEF_CORPUS_HINT =
  `TNEF corpus not found at ${TNEF_CORPUS}: set POPDESK_TNEF_CORPUS to a copy of the .tnef/.list ` +
  'samples (tests/files/datafiles of github.com/verdammelt/tnef, with one .list per sample)';

/** One sample: its name, its bytes and the files the reference decoder's `.list` names. */
export interface TnefSample {
  readonly name: string;
  readonly tnef: Buffer;
  readonly listed: readonly string[];
}

/** Every `X.tnef` with its `X.list`; empty when the corpus is missing. */
export function tnefSamples(): TnefSample[] {
  if (!TNEF_CORPUS_PRESENT) return [];
  return readdirSync(TNEF_CORPUS)
    .filter((file) => file.endsWith('.tnef'))
    .sort()
    .map((file) => {
      const name = file.slice(0, -'.tnef'.length);
      const list = readFileSync(join(TNEF_CORPUS, `${name}.list`), 'utf8');
      return {
        name,
        tnef: readFileSync(join(TNEF_CORPUS, file)),
        listed: list.split(/\r?\n/).filter((line) => line.trim() !== ''),
      };
    });
}

/** A multipart/mixed mail with `tnef` base64-encoded as its `winmail.dat` part, as Outlook sends it. */
export function mailWithWinmailDat(tnef: Buffer, subject = 'TNEF sample'): Buffer {
  const boundary = 'popdesk-tnef-boundary';
  const base64 = tnef.toString('base64').replace(/.{76}/g, '$&\r\n');
  return Buffer.from(
    [
      'From: Outlook User <outlook@example.com>',
      'To: support@example.com',
      `Subject: ${subject}`,
      `Message-ID: <${subject.replace(/\W/g, '-')}@example.com>`,
      'MIME-Version: 1.0',
      `Content-Type: multipart/mixed; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: text/plain; charset=us-ascii',
      '',
      'See the attachments.',
      `--${boundary}`,
      'Content-Type: application/ms-tnef; name="winmail.dat"',
      'Content-Transfer-Encoding: base64',
      'Content-Disposition: attachment; filename="winmail.dat"',
      '',
      base64,
      `--${boundary}--`,
      '',
    ].join('\r\n'),
  );
}
