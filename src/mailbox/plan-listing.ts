import type { KnownMail } from '../queue/mail-intake.js';

/** One message as LIST and UIDL described it in this session. */
export interface ListedMessage {
  readonly number: number;
  readonly uidl: string;
  /** What LIST said; a hint only (Exchange reports estimates). */
  readonly size: number;
}

/** The settings the plan depends on. */
export interface PlanSettings {
  readonly maxMessageBytes: number;
  readonly oversize: 'keep' | 'delete';
  readonly mode: 'delete' | 'keep';
}

/** What to do with one listed message in this session. */
export type PlannedStep =
  /** RETR and hand to the intake, which compares content with what it already holds. */
  | { readonly kind: 'fetch'; readonly message: ListedMessage }
  /** Queued before: confirm with TOP that it is still that mail, then DELE (else fetch). */
  | { readonly kind: 'confirm-queued'; readonly message: ListedMessage; readonly known: KnownMail }
  /** Over `maxMessageBytes` by LIST: headers by TOP into a dead letter, no RETR. */
  | { readonly kind: 'too-large'; readonly message: ListedMessage }
  /** Dead-lettered as too large before; with `oversize: delete`, a DELE an interrupted session lost. */
  | {
      readonly kind: 'delete-too-large';
      readonly message: ListedMessage;
      readonly known: Extract<KnownMail, { kind: 'too-large' }>;
    };

/**
 * Decides what one session does with each listed message, from what earlier polls recorded.
 * A UIDL is only trusted together with the LIST size recorded with it, and never when it occurs
 * twice in one listing: RFC 1939 only says servers SHOULD NOT reuse UIDLs, and a message
 * mistaken for one already queued would be deleted without a ticket. In keep mode nothing is
 * ever deleted, so a matching UIDL and size is enough to skip a message (cheap on every poll).
 * Messages not in the result are left alone.
 */
export function planListing(
  listed: readonly ListedMessage[],
  known: ReadonlyMap<string, KnownMail>,
  settings: PlanSettings,
): PlannedStep[] {
  const occurrences = new Map<string, number>();
  for (const message of listed) occurrences.set(message.uidl, (occurrences.get(message.uidl) ?? 0) + 1);
  const steps: PlannedStep[] = [];
  for (const message of listed) {
    const unique = occurrences.get(message.uidl) === 1;
    const record = unique ? known.get(message.uidl) : undefined;
    // An older record without a size (written before sizes were kept) is taken at its word.
    const same =
      (record?.kind === 'queued' || record?.kind === 'too-large') &&
      (record.size === undefined || record.size === message.size);
    if (same && record.kind === 'queued') {
      if (settings.mode === 'delete') steps.push({ kind: 'confirm-queued', message, known: record });
    } else if (same && record.kind === 'too-large') {
      if (settings.mode === 'delete' && settings.oversize === 'delete')
        steps.push({ kind: 'delete-too-large', message, known: record });
    } else if (record?.kind === 'unfetchable' && record.size === message.size) {
      // Dead-lettered after repeated refusals: never deleted unread, never fetched again.
    } else if (message.size > settings.maxMessageBytes) {
      steps.push({ kind: 'too-large', message });
    } else {
      steps.push({ kind: 'fetch', message });
    }
  }
  return steps;
}
