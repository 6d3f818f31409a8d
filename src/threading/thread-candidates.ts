import type { InboundMail } from '../mail/inbound-mail.js';

/**
 * The Message-IDs a mail may be answering, most likely first: In-Reply-To, then References
 * newest first (RFC 5322 section 3.6.4 lists them oldest first). Its own id is never a candidate.
 */
export function threadCandidates(
  mail: Pick<InboundMail, 'messageId' | 'inReplyTo' | 'references'>,
): string[] {
  const ordered = [...mail.inReplyTo, ...[...mail.references].reverse()];
  const own = mail.messageId.toLowerCase();
  const seen = new Set<string>();
  return ordered.filter((id) => {
    const key = id.toLowerCase();
    if (key === own || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
