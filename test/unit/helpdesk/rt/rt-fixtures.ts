import { createHash } from 'node:crypto';
import type { TicketRequest, TicketRoute } from '../../../../src/helpdesk/helpdesk-adapter.js';
import type { InboundMail, MailAttachment } from '../../../../src/mail/inbound-mail.js';

/** An attachment with its size and hash filled in. */
export function attachment(
  filename: string,
  content: Buffer,
  extra: Partial<Pick<MailAttachment, 'contentType' | 'contentId' | 'inline'>> = {},
): MailAttachment {
  return {
    filename,
    contentType: extra.contentType ?? 'application/octet-stream',
    contentId: extra.contentId,
    inline: extra.inline ?? false,
    size: content.length,
    sha256: createHash('sha256').update(content).digest('hex'),
    content,
  };
}

export const RAW = Buffer.from(
  'Return-Path: <renee@example.fr>\r\nMessage-ID: <abc@mail.example.fr>\r\nFrom: =?utf-8?q?Ren=C3=A9e?= <renee@example.fr>\r\n' +
    'Subject: Facture\r\n\r\nBonjour\r\n',
  'latin1',
);

export function mail(overrides: Partial<InboundMail> = {}): InboundMail {
  return {
    messageId: 'abc@mail.example.fr',
    messageIdDerived: false,
    inReplyTo: [],
    references: [],
    from: { address: 'renee@example.fr', name: 'Renée' },
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
    rawSize: RAW.length,
    problems: [],
    ...overrides,
  };
}

export function request(
  overrides: Partial<InboundMail> = {},
  route: TicketRoute = { tags: [] },
): TicketRequest {
  return {
    mail: mail(overrides),
    raw: RAW,
    mailboxId: 'support',
    idempotencyKey: 'm0123456789abcdef',
    route,
  };
}
