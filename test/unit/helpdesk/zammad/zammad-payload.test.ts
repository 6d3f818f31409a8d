import { describe, expect, test } from 'vitest';
import type { TicketRoute } from '../../../../src/helpdesk/helpdesk-adapter.js';
import { HelpdeskError } from '../../../../src/helpdesk/helpdesk-error.js';
import { ORIGINAL_HEADERS_FILENAME } from '../../../../src/helpdesk/shared/ticket-files.js';
import {
  buildZammadArticle,
  buildZammadNote,
  buildZammadTicket,
  DEFAULT_ZAMMAD_PRIORITIES,
  type ZammadTicketSettings,
} from '../../../../src/helpdesk/zammad/zammad-payload.js';
import type { InboundMail } from '../../../../src/mail/inbound-mail.js';
import { parseMail } from '../../../../src/mail/parse-mail.js';
import { readFixture } from '../../mail/read-fixture.js';
import { testAttachment, testMail, testRequest } from '../test-request.js';

const settings: ZammadTicketSettings = { defaultGroup: 'Users', priorities: DEFAULT_ZAMMAD_PRIORITIES };

describe('buildZammadTicket', () => {
  test.each<{ name: string; route: TicketRoute; expected: Record<string, unknown> }>([
    {
      name: 'no route: default group, no priority, no tags',
      route: { tags: [] },
      expected: { group: 'Users', priority: undefined, tags: undefined },
    },
    {
      name: 'route target is the group',
      route: { target: 'Billing', tags: [] },
      expected: { group: 'Billing', priority: undefined, tags: undefined },
    },
    {
      name: 'priorities map to Zammad names, urgent to the highest default',
      route: { priority: 'urgent', tags: [] },
      expected: { group: 'Users', priority: '3 high' },
    },
    { name: 'low', route: { priority: 'low', tags: [] }, expected: { priority: '1 low' } },
    { name: 'normal', route: { priority: 'normal', tags: [] }, expected: { priority: '2 normal' } },
    {
      name: 'tags joined with commas, blanks dropped, trimmed',
      route: { tags: ['vip', ' ', ' billing '] },
      expected: { tags: 'vip,billing' },
    },
  ])('$name', ({ route, expected }) => {
    const ticket = buildZammadTicket(testRequest(testMail(), { route }), settings);
    for (const [key, value] of Object.entries(expected)) {
      expect(ticket[key as keyof typeof ticket]).toEqual(value);
    }
    expect(ticket.customer_id).toBe('guess:renee@example.fr');
    expect(ticket.title).toBe('Problème de facture');
  });

  test('configured priority names win', () => {
    const ticket = buildZammadTicket(testRequest(testMail(), { route: { priority: 'urgent', tags: [] } }), {
      ...settings,
      priorities: { ...DEFAULT_ZAMMAD_PRIORITIES, urgent: '4 urgent' },
    });
    expect(ticket.priority).toBe('4 urgent');
  });

  test.each([
    { subject: '', title: '(no subject)' },
    { subject: '   ', title: '(no subject)' },
    { subject: ' Re: hello ', title: 'Re: hello' },
  ])('subject "$subject" makes title "$title"', ({ subject, title }) => {
    expect(buildZammadTicket(testRequest(testMail({ subject })), settings).title).toBe(title);
  });

  test('a customer id popdesk found or created replaces guess:', () => {
    const ticket = buildZammadTicket(testRequest(testMail()), { ...settings, customerId: 42 });
    expect(ticket.customer_id).toBe(42);
  });

  test('a mail without From uses the fallback customer', () => {
    const ticket = buildZammadTicket(testRequest(testMail({ from: undefined })), {
      ...settings,
      customerFallback: 'unknown@example.com',
    });
    expect(ticket.customer_id).toBe('guess:unknown@example.com');
  });

  test.each([
    { from: 'root@localhost', fallback: 'unknown@example.com', customer: 'guess:unknown@example.com' },
    { from: 'root@localhost', fallback: undefined, customer: 'guess:root@localhost' },
    { from: 'ann@example.com', fallback: 'unknown@example.com', customer: 'guess:ann@example.com' },
  ])('From $from with fallback $fallback: $customer', ({ from, fallback, customer }) => {
    const ticket = buildZammadTicket(testRequest(testMail({ from: { address: from, name: '' } })), {
      ...settings,
      ...(fallback !== undefined ? { customerFallback: fallback } : {}),
    });
    expect(ticket.customer_id).toBe(customer);
  });

  test('a mail without From and without fallback is refused for good', () => {
    let error: unknown;
    try {
      buildZammadTicket(testRequest(testMail({ from: undefined })), settings);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(HelpdeskError);
    expect(error).toMatchObject({ retryable: false, status: undefined });
  });
});

describe('buildZammadArticle', () => {
  test('a plain-text mail is an incoming customer email with bracketed message ids', () => {
    const article = buildZammadArticle(
      testRequest(
        testMail({
          inReplyTo: ['parent@example.com'],
          references: ['root@example.com', 'parent@example.com'],
          cc: [{ address: 'tom@example.com', name: 'Baker, Tom' }],
        }),
      ),
    );
    expect(article).toMatchObject({
      type: 'email',
      sender: 'Customer',
      internal: false,
      from: 'Renée Martin <renee@example.fr>',
      to: 'support@example.com',
      cc: '"Baker, Tom" <tom@example.com>',
      subject: 'Problème de facture',
      body: 'Bonjour',
      content_type: 'text/plain',
      message_id: '<abc@mail.example.com>',
      in_reply_to: '<parent@example.com>',
      references: '<root@example.com> <parent@example.com>',
    });
  });

  test.each<{ name: string; mail: Partial<InboundMail>; type: string; to: string }>([
    {
      name: 'To addresses go bare, so Zammad can validate them',
      mail: {
        to: [
          { address: 'support@example.com', name: 'Northwind Support' },
          { address: 'sales@example.com', name: 'Ventes, Équipe' },
        ],
      },
      type: 'email',
      to: 'support@example.com, sales@example.com',
    },
    {
      name: 'an address Zammad would refuse is left out',
      mail: {
        to: [
          { address: 'root@localhost', name: '' },
          { address: 'support@example.com', name: '' },
        ],
      },
      type: 'email',
      to: 'support@example.com',
    },
    {
      name: "a Bcc'd mail names its Delivered-To",
      mail: { to: [], headers: { 'delivered-to': 'Support@Example.com' } },
      type: 'email',
      to: 'support@example.com',
    },
    {
      name: 'no recipient at all: a web article, which Zammad takes without one',
      mail: { to: [{ address: 'root@localhost', name: '' }] },
      type: 'web',
      to: '',
    },
  ])('$name', ({ mail, type, to }) => {
    expect(buildZammadArticle(testRequest(testMail(mail)))).toMatchObject({ type, to });
  });

  test('line breaks and control characters in a display name cannot add a header line', () => {
    const article = buildZammadArticle(
      testRequest(
        testMail({
          from: { address: 'a@x.org', name: 'Evil\r\nBcc: x@y' },
          cc: [{ address: 'b@x.org', name: 'Tab\tand\u0000nul' }],
        }),
      ),
    );
    expect(article).toMatchObject({ from: '"Evil  Bcc: x@y" <a@x.org>', cc: 'Tab and nul <b@x.org>' });
  });

  test('no In-Reply-To or References: the keys are left out', () => {
    const article = buildZammadArticle(testRequest());
    expect(article).not.toHaveProperty('in_reply_to');
    expect(article).not.toHaveProperty('references');
  });

  test('an HTML mail sends the sanitised HTML', () => {
    const article = buildZammadArticle(testRequest(testMail({ html: '<p>Bonjour</p>' })));
    expect(article).toMatchObject({ body: '<p>Bonjour</p>', content_type: 'text/html' });
  });

  test('attachments are base64 with their type, and the raw header block comes last', () => {
    const content = Buffer.from([0, 1, 2, 250, 255]);
    const request = testRequest(
      testMail({ attachments: [testAttachment('f.bin', content, { contentType: 'application/pdf' })] }),
    );
    const article = buildZammadArticle(request);
    expect(article.attachments).toEqual([
      { filename: 'f.bin', data: content.toString('base64'), 'mime-type': 'application/pdf' },
      {
        filename: ORIGINAL_HEADERS_FILENAME,
        data: Buffer.from('Subject: x\r\nFrom: renee@example.fr').toString('base64'),
        'mime-type': 'text/plain',
      },
    ]);
  });

  test('a parsed fixture keeps every attachment byte for byte', async () => {
    const raw = readFixture('mixed-pdf-png.eml');
    const mail = await parseMail(raw);
    const article = buildZammadArticle(testRequest(mail, { raw }));
    const sent = article.attachments.filter(
      (attachment) => attachment.filename !== ORIGINAL_HEADERS_FILENAME,
    );
    expect(sent.map((attachment) => attachment.filename)).toEqual(mail.attachments.map((a) => a.filename));
    sent.forEach((attachment, index) => {
      expect(Buffer.from(attachment.data, 'base64')).toEqual(mail.attachments[index]?.content);
    });
  });
});

describe('buildZammadNote', () => {
  const autoReply = { class: 'auto-reply' as const, signals: ['X-Autoreply: yes'] };

  test('an internal system note, introduced, keeping the message ids and files of the article', () => {
    const file = testAttachment('ooo.txt', Buffer.from('away'));
    const request = {
      ...testRequest(testMail({ subject: 'Abwesend', inReplyTo: ['t1@desk'], attachments: [file] })),
      classification: autoReply,
    };
    const article = buildZammadArticle(request);
    expect(buildZammadNote(request)).toEqual({
      ...article,
      type: 'note',
      sender: 'System',
      internal: true,
      body: 'Auto-reply from renee@example.fr: Abwesend\nClassified by: X-Autoreply: yes\n\nBonjour',
    });
    expect(article.message_id).toBe('<abc@mail.example.com>');
    expect(article.in_reply_to).toBe('<t1@desk>');
  });

  test('an HTML mail gets an escaped HTML introduction; a mail with no recipient is still a note', () => {
    const note = buildZammadNote({
      ...testRequest(testMail({ html: '<p>Away</p>', to: [] })),
      classification: autoReply,
    });
    expect(note.type).toBe('note');
    expect(note.content_type).toBe('text/html');
    expect(note.body).toBe(
      '<p><strong>Auto-reply from renee@example.fr: Problème de facture</strong></p>' +
        '<p>Classified by: X-Autoreply: yes</p><hr><p>Away</p>',
    );
  });
});
