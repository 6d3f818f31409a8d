import type { TicketRequest, TicketRoute } from '../../../../src/helpdesk/helpdesk-adapter.js';
import type { InboundMail } from '../../../../src/mail/inbound-mail.js';
import { testAttachment, testMail } from '../test-request.js';

/** An attachment with its size and hash filled in. */
export const attachment = testAttachment;

export const RAW = Buffer.from(
  'Return-Path: <renee@example.fr>\r\nMessage-ID: <abc@mail.example.fr>\r\nFrom: =?utf-8?q?Ren=C3=A9e?= <renee@example.fr>\r\n' +
    'Subject: Facture\r\n\r\nBonjour\r\n',
  'latin1',
);

/** A plain-text mail from Renée whose raw form is {@link RAW}, with `overrides` applied. */
export function mail(overrides: Partial<InboundMail> = {}): InboundMail {
  return testMail({
    messageId: 'abc@mail.example.fr',
    from: { address: 'renee@example.fr', name: 'Renée' },
    rawSize: RAW.length,
    ...overrides,
  });
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
