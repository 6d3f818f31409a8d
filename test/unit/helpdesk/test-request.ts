import { createHash } from 'node:crypto';
import type { TicketRequest } from '../../../src/helpdesk/helpdesk-adapter.js';
import type { InboundMail, MailAttachment } from '../../../src/mail/inbound-mail.js';

/** A plain-text mail from Renée to support, with `changes` applied. */
export function testMail(changes: Partial<InboundMail> = {}): InboundMail {
  return {
    messageId: 'abc@mail.example.com',
    messageIdDerived: false,
    inReplyTo: [],
    references: [],
    from: { address: 'renee@example.fr', name: 'Renée Martin' },
    replyTo: [],
    to: [{ address: 'support@example.com', name: '' }],
    cc: [],
    date: new Date('2026-11-26T10:00:00Z'),
    subject: 'Problème de facture',
    text: 'Bonjour',
    html: undefined,
    attachments: [],
    headers: {},
    rawSha256: '00',
    rawSize: 100,
    problems: [],
    ...changes,
  };
}

/** An attachment holding `content`. */
export function testAttachment(
  filename: string,
  content: Buffer,
  changes: Partial<MailAttachment> = {},
): MailAttachment {
  return {
    filename,
    contentType: 'application/octet-stream',
    contentId: undefined,
    inline: false,
    size: content.length,
    sha256: createHash('sha256').update(content).digest('hex'),
    content,
    ...changes,
  };
}

/** A request for `mail` with no route, and a raw message with a two-field header. */
export function testRequest(
  mail: InboundMail = testMail(),
  changes: Partial<TicketRequest> = {},
): TicketRequest {
  return {
    mail,
    raw: Buffer.from('Subject: x\r\nFrom: renee@example.fr\r\n\r\nBonjour\r\n'),
    mailboxId: 'support',
    idempotencyKey: 'm0123456789abcdef',
    route: { tags: [] },
    ...changes,
  };
}
