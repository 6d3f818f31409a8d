import { createHash } from 'node:crypto';
import { peekHeaders } from '../mail/index.js';
import { IMPORT_MAILBOX_ID } from '../queue/jobs/mail-job.js';
import type { MailIntake } from '../queue/mail-intake.js';
import type { ImportItem } from './import-sources.js';

/** What an import did, for its summary. */
export interface ImportSummary {
  read: number;
  queued: number;
  duplicates: number;
  readonly failed: Array<{ readonly source: string; readonly reason: string }>;
  /** The references of the mails queued, for `--wait`. */
  readonly refs: string[];
}

/** The part of `MailIntake` an import uses. */
export type ImportIntake = Pick<MailIntake, 'accept'>;

/**
 * What stands in for a POP3 UIDL for an imported mail: its Message-ID's hash when it has one,
 * so the same mail found again with other bytes (a client's added `Status:` header, another
 * export) is a duplicate; else the hash of its bytes. Pure.
 */
export function importUidl(raw: Buffer): string {
  const { messageId } = peekHeaders(raw);
  if (messageId !== undefined) return `mid-${createHash('sha256').update(messageId).digest('hex')}`;
  return `raw-${createHash('sha256').update(raw).digest('hex')}`;
}

/**
 * Hands every mail of `items` to the intake, one at a time (so only one mail of a big mbox is in
 * memory), under {@link IMPORT_MAILBOX_ID}: raw copy, job and de-duplication as for POP3 mail.
 * A mail the intake refuses is counted as failed with its reason, and the import goes on.
 */
export async function importMails(
  items: AsyncIterable<ImportItem>,
  intake: ImportIntake,
  onItem: (item: ImportItem, summary: Readonly<ImportSummary>) => void = () => undefined,
): Promise<ImportSummary> {
  const summary: ImportSummary = { read: 0, queued: 0, duplicates: 0, failed: [], refs: [] };
  for await (const item of items) {
    if ('error' in item) {
      summary.failed.push({ source: item.source, reason: item.error });
    } else {
      summary.read += 1;
      await take(item, intake, summary);
    }
    onItem(item, summary);
  }
  return summary;
}

async function take(
  item: Extract<ImportItem, { raw: Buffer }>,
  intake: ImportIntake,
  summary: ImportSummary,
): Promise<void> {
  if (isBlank(item.raw)) {
    summary.failed.push({ source: item.source, reason: 'empty: no headers, no body' });
    return;
  }
  try {
    const outcome = await intake.accept(IMPORT_MAILBOX_ID, importUidl(item.raw), item.raw, item.raw.length);
    if (outcome.kind === 'duplicate') summary.duplicates += 1;
    else {
      summary.queued += 1;
      summary.refs.push(outcome.ref);
    }
  } catch (error) {
    summary.failed.push({
      source: item.source,
      reason: error instanceof Error ? error.message : String(error),
    });
  }
}

/** Nothing but white space (or nothing at all): no mail to take in. */
function isBlank(raw: Buffer): boolean {
  for (const byte of raw) if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return false;
  return true;
}
