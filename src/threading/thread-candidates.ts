import type { InboundMail } from '../mail/index.js';

/**
 * The most Message-IDs one mail is threaded by. The newest ids name the messages a reply most
 * likely answers, and every mail popdesk delivered is in its map, so in a real conversation the
 * answer is among the first few; the thread's root (the first References id, which RFC 5322
 * section 3.6.4 keeps when a References field is trimmed) is kept as the last one. Without a
 * cap, a header of 50k ids cost 50k lookups per attempt.
 */
export const MAX_THREAD_CANDIDATES = 50;

/**
 * The Message-IDs a mail may be answering, most likely first: In-Reply-To, then References
 * newest first (RFC 5322 section 3.6.4 lists them oldest first), at most
 * {@link MAX_THREAD_CANDIDATES} ending with the root. Its own id is never a candidate.
 */
export function threadCandidates(
  mail: Pick<InboundMail, 'messageId' | 'inReplyTo' | 'references'>,
): string[] {
  const own = mail.messageId.toLowerCase();
  const seen = new Set<string>([own]);
  const candidates: string[] = [];
  const take = (id: string): void => {
    const key = id.toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    candidates.push(id);
  };
  const root = mail.references[0];
  const room = MAX_THREAD_CANDIDATES - (root === undefined ? 0 : 1);
  for (const id of mail.inReplyTo) {
    if (candidates.length >= room) break;
    take(id);
  }
  for (let i = mail.references.length - 1; i > 0 && candidates.length < room; i -= 1) {
    take(mail.references[i] as string);
  }
  if (root !== undefined) take(root);
  return candidates;
}
