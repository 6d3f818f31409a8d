import { createHash } from 'node:crypto';
import type { OsTicketServer } from '../../dev/servers/osticket-server.js';
import { quote } from '../../dev/servers/osticket-server.js';

/** A ticket as osTicket stored it, read from its tables. */
export interface OsTicketRecord {
  readonly number: string;
  /** The subject agents see in every queue (`ost_ticket__cdata`); undefined when NULL. */
  readonly subject: string | undefined;
  readonly topicId: number;
  /** `open`, `closed`, ... (`ost_ticket_status.state`). */
  readonly state: string;
  readonly userName: string;
  readonly userEmail: string;
  /** Thread entries oldest first: type `M` from the user, `R` a response, `N` a note. */
  readonly entries: ReadonlyArray<{ readonly type: string; readonly title: string; readonly body: string }>;
}

/** The ticket with this number, or undefined. */
export async function osTicketRecord(
  server: OsTicketServer,
  number: string,
): Promise<OsTicketRecord | undefined> {
  const [row] = await server.sql(
    `SELECT t.ticket_id, c.subject IS NULL, IFNULL(c.subject, ''), t.topic_id, s.state, u.name, ue.address
       FROM ost_ticket t
       JOIN ost_ticket__cdata c ON c.ticket_id = t.ticket_id
       JOIN ost_ticket_status s ON s.id = t.status_id
       JOIN ost_user u ON u.id = t.user_id
       JOIN ost_user_email ue ON ue.id = u.default_email_id
      WHERE t.number = ${quote(number)}`,
  );
  if (row === undefined) return undefined;
  const [ticketId, subjectNull, subject, topicId, state, userName, userEmail] = row;
  // HEX: titles and bodies may hold tabs and line breaks, which the batch output would mangle.
  const entries = await server.sql(
    `SELECT e.type, HEX(IFNULL(e.title, '')), HEX(e.body)
       FROM ost_thread_entry e JOIN ost_thread th ON th.id = e.thread_id
      WHERE th.object_type = 'T' AND th.object_id = ${Number(ticketId)} ORDER BY e.id`,
  );
  return {
    number,
    subject: subjectNull === '1' ? undefined : subject,
    topicId: Number(topicId),
    state: state ?? '',
    userName: userName ?? '',
    userEmail: userEmail ?? '',
    entries: entries.map(([type, title, body]) => ({
      type: type ?? '',
      title: Buffer.from(title ?? '', 'hex').toString('utf8'),
      body: Buffer.from(body ?? '', 'hex').toString('utf8'),
    })),
  };
}

/** Every file attached to the ticket's thread: name to SHA-256 of the bytes in `ost_file_chunk`. */
export async function osTicketFiles(server: OsTicketServer, number: string): Promise<Map<string, string>> {
  const files = await server.sql(
    `SELECT f.id, HEX(COALESCE(a.name, f.name))
       FROM ost_ticket t
       JOIN ost_thread th ON th.object_type = 'T' AND th.object_id = t.ticket_id
       JOIN ost_thread_entry e ON e.thread_id = th.id
       JOIN ost_attachment a ON a.type = 'H' AND a.object_id = e.id
       JOIN ost_file f ON f.id = a.file_id
      WHERE t.number = ${quote(number)} ORDER BY a.id`,
  );
  const digests = new Map<string, string>();
  for (const [id, name] of files) {
    const chunks = await server.sql(
      `SELECT HEX(filedata) FROM ost_file_chunk WHERE file_id = ${Number(id)} ORDER BY chunk_id`,
    );
    const hash = createHash('sha256');
    for (const [hex] of chunks) hash.update(Buffer.from(hex ?? '', 'hex'));
    digests.set(Buffer.from(name ?? '', 'hex').toString('utf8'), hash.digest('hex'));
  }
  return digests;
}

/** How many tickets osTicket holds. */
export async function osTicketCount(server: OsTicketServer): Promise<number> {
  const [[count] = []] = await server.sql('SELECT COUNT(*) FROM ost_ticket');
  return Number(count);
}

/** Closes a ticket as an agent would (status "Closed"). */
export async function closeOsTicket(server: OsTicketServer, number: string): Promise<void> {
  await server.sql(`UPDATE ost_ticket SET status_id = 3, closed = NOW() WHERE number = ${quote(number)}`);
}
