import type { Logger } from 'pino';
import type { MailboxConfig, PopdeskConfig } from '../config/index.js';
import type { HelpdeskAdapter } from '../helpdesk/helpdesk-adapter.js';
import type { InboundMail } from '../mail/index.js';
import { parseMail } from '../mail/parser.js';
import { openMailboxSession } from '../mailbox/open-mailbox-session.js';
import { Pop3MessageTooLargeError } from '../pop3/index.js';
import type { RedisClient } from '../queue/redis-client.js';
import type { RedisKeys } from '../queue/redis-keys.js';
import type { TicketLedger } from '../queue/ticket-ledger.js';
import { gatherThreadEvidence } from '../worker/gather-thread-evidence.js';
import {
  type PreviewPlan,
  type PreviewSettings,
  planMailPreview,
  previewThread,
  type ThreadPreview,
} from '../worker/preview-mail.js';
import { mailboxConnection } from './mailbox-connection.js';
import { ownAddresses } from './own-addresses.js';

/** Where a waiting mail sits on the server. */
interface ListedMail {
  readonly mailboxId: string;
  /** The POP3 message number. */
  readonly number: number;
  readonly uidl: string;
  readonly size: number;
  /** An earlier poll took this UIDL in already: a real poll would not queue it again. */
  readonly taken: boolean;
}

/** What the worker would make of a waiting mail, or why it could not be read. */
export type MailVerdict =
  | {
      readonly kind: 'mail';
      readonly from: string;
      readonly subject: string;
      readonly messageId: string;
      readonly plan: PreviewPlan;
      readonly thread: ThreadPreview;
    }
  /** Not fetched or not readable: over `maxMessageBytes`, or the parser refused it. */
  | { readonly kind: 'unreadable'; readonly reason: string };

/** One waiting mail as `poll-once --dry-run` sees it. */
export type MailPreview = ListedMail & MailVerdict;

/** What a dry run reads with; nothing here is written to. */
export interface DryRunDeps {
  readonly config: PopdeskConfig;
  readonly redis: RedisClient;
  readonly keys: RedisKeys;
  /** Read only: `ticketsForMessageIds`, `participantsOf`. */
  readonly ledger: TicketLedger;
  /** Read only: `ticketFromSubject` and `findTicketByMessageId`, GET requests in every adapter. */
  readonly adapter: HelpdeskAdapter;
  readonly logger: Logger;
}

/** The settings a preview decides under, built as `startMailWorker` builds the worker's. */
function previewSettings(config: PopdeskConfig, adapter: HelpdeskAdapter): PreviewSettings {
  return {
    classify: { ownAddresses: ownAddresses(config), spamScl: config.hygiene.spamScl },
    hygiene: config.hygiene,
    adapterNotes: adapter.addNote !== undefined,
    adapterName: adapter.name,
    rules: config.routing.rules,
    fallback: config.routing.default,
    trust: config.threading.trust,
  };
}

/**
 * Fetches every waiting mail of one mailbox without DELE and hands each to `onMail` with the
 * decisions the worker would take; ends the session with QUIT, which deletes nothing since
 * nothing was marked. Writes nothing to Redis (no lock, no session gate, no seen-mark) and
 * posts nothing: the only helpdesk calls are the worker's read-only lookups.
 */
export async function dryRunMailbox(
  mailbox: MailboxConfig,
  deps: DryRunDeps,
  onMail: (preview: MailPreview) => void,
): Promise<void> {
  const { config, redis, keys, adapter } = deps;
  const logger = deps.logger.child({ component: 'dry-run', mailbox: mailbox.id });
  const connection = mailboxConnection(mailbox, redis, config.redis.prefix, logger);
  const session = await openMailboxSession(connection, logger.child({ component: 'pop3' }));
  const { client } = session;
  try {
    const listed = [...session.uidls].sort(([a], [b]) => a - b);
    // Read here rather than through `MailIntake.known`, which renews the records it finds.
    const records =
      listed.length === 0 ? [] : await redis.mget(listed.map(([, uidl]) => keys.seenUidl(mailbox.id, uidl)));
    const settings = previewSettings(config, adapter);
    for (const [i, [number, uidl]] of listed.entries()) {
      const base: ListedMail = {
        mailboxId: mailbox.id,
        number,
        uidl,
        size: session.sizes.get(number) ?? 0,
        taken: records[i] !== null && records[i] !== undefined,
      };
      let raw: Buffer;
      try {
        raw = await client.retrieve(number, { maxBytes: mailbox.maxMessageBytes });
      } catch (error) {
        if (!(error instanceof Pop3MessageTooLargeError)) throw error;
        onMail({
          ...base,
          kind: 'unreadable',
          reason: `larger than maxMessageBytes (${mailbox.maxMessageBytes})`,
        });
        continue;
      }
      onMail({ ...base, ...(await previewOne(raw, mailbox.id, settings, deps)) });
    }
    // No DELE was sent, so QUIT's UPDATE state removes nothing.
    await client.quit();
  } catch (error) {
    client.destroy();
    throw error;
  }
}

async function previewOne(
  raw: Buffer,
  mailboxId: string,
  settings: PreviewSettings,
  deps: Pick<DryRunDeps, 'adapter' | 'ledger'>,
): Promise<MailVerdict> {
  let mail: InboundMail;
  try {
    mail = await parseMail(raw);
  } catch (error) {
    return { kind: 'unreadable', reason: error instanceof Error ? error.message : String(error) };
  }
  const plan = planMailPreview(mail, mailboxId, settings);
  const evidence =
    plan.lookup === undefined
      ? undefined
      : await gatherThreadEvidence(plan.lookup.mail, deps.adapter, deps.ledger);
  return {
    kind: 'mail',
    from: mail.from?.address ?? '',
    subject: mail.subject,
    messageId: mail.messageId,
    plan,
    thread: previewThread(plan, evidence),
  };
}
