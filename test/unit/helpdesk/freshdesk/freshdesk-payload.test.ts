import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { freshdeskBaseUrl } from '../../../../src/helpdesk/freshdesk/freshdesk-adapter.js';
import { summariseFreshdeskError } from '../../../../src/helpdesk/freshdesk/freshdesk-client.js';
import {
  freshdeskPriority,
  isFreshdeskDoneStatus,
} from '../../../../src/helpdesk/freshdesk/freshdesk-codes.js';
import {
  DEFAULT_FRESHDESK_SUBJECT_PATTERN,
  messageIdSearchQuery,
  ticketIdInSubject,
} from '../../../../src/helpdesk/freshdesk/freshdesk-lookup.js';
import {
  buildFreshdeskNote,
  buildFreshdeskPrivateNote,
  buildFreshdeskTicket,
  type FreshdeskMappingSettings,
  fitAttachments,
  freshdeskGroupId,
  toFreshdeskForm,
} from '../../../../src/helpdesk/freshdesk/freshdesk-payload.js';
import type { TicketRequest } from '../../../../src/helpdesk/helpdesk-adapter.js';
import { HelpdeskError } from '../../../../src/helpdesk/helpdesk-error.js';
import { bodyHtml } from '../../../../src/helpdesk/shared/mail-body-html.js';
import type { InboundMail, MailAttachment } from '../../../../src/mail/inbound-mail.js';
import { parseMail } from '../../../../src/mail/parse-mail.js';
import { testAttachment, testMail, testRequest } from '../test-request.js';

const settings: FreshdeskMappingSettings = {
  defaultGroupId: undefined,
  messageIdField: 'cf_popdesk_message_id',
  maxAttachmentBytes: 20_000_000,
};

const baseMail = testMail({
  from: { address: 'renee@example.fr', name: 'Renée Fontaine' },
  date: undefined,
  subject: 'Facture erronée',
  text: 'Bonjour,\nla facture <2291> est fausse.',
  rawSize: 10,
});

const RAW = Buffer.from('From: renee@example.fr\r\nSubject: Facture\r\n\r\nBonjour\r\n');

function request(
  mail: Partial<InboundMail> = {},
  route: Partial<TicketRequest['route']> = {},
): TicketRequest {
  return testRequest(
    { ...baseMail, ...mail },
    { raw: RAW, idempotencyKey: 'm-1', route: { tags: [], ...route } },
  );
}

function attachment(filename: string, size: number): MailAttachment {
  return testAttachment(filename, Buffer.alloc(size, 1));
}

describe('buildFreshdeskTicket', () => {
  test.each([
    ['low', 1],
    ['normal', 2],
    ['high', 3],
    ['urgent', 4],
    [undefined, undefined],
  ] as const)('priority %s becomes %s', (priority, code) => {
    const { fields } = buildFreshdeskTicket(
      request({}, priority === undefined ? {} : { priority }),
      settings,
    );
    expect(fields.priority).toBe(code);
    expect(freshdeskPriority(priority)).toBe(code);
  });

  test.each([
    [undefined, undefined, undefined],
    [undefined, 7, 7],
    ['12', 7, 12],
  ] as const)('route target %s with default %s gives group %s', (target, defaultGroupId, expected) => {
    const route = target === undefined ? {} : { target };
    const { fields } = buildFreshdeskTicket(request({}, route), { ...settings, defaultGroupId });
    expect(fields.group_id).toBe(expected);
  });

  test.each(['Billing', '0', '1.5', '99999999999999999999'])(
    'route target %j is a permanent error',
    (target) => {
      expect(() => freshdeskGroupId(target, undefined)).toThrow(HelpdeskError);
      try {
        freshdeskGroupId(target, undefined);
      } catch (error) {
        expect((error as HelpdeskError).retryable).toBe(false);
      }
    },
  );

  test('an email ticket, open, from the sender, with the Message-ID in the custom field', () => {
    const { fields } = buildFreshdeskTicket(request({}, { tags: ['vip', 'vip', 'fr'] }), settings);
    expect(fields).toEqual({
      email: 'renee@example.fr',
      name: 'Renée Fontaine',
      subject: 'Facture erronée',
      description: '<div>Bonjour,<br>\nla facture &lt;2291&gt; est fausse.</div>',
      status: 2,
      source: 1,
      tags: ['vip', 'fr'],
      cc_emails: [],
      custom_fields: { cf_popdesk_message_id: 'abc@mail.example.com' },
    });
  });

  test.each([
    ['From', { from: { address: 'a@example.com', name: '' } }, 'a@example.com'],
    [
      'Reply-To when From is missing',
      { from: undefined, replyTo: [{ address: 'b@example.com', name: 'B' }] },
      'b@example.com',
    ],
  ] as const)('the requester is %s', (_case, mail, email) => {
    expect(buildFreshdeskTicket(request(mail), settings).fields.email).toBe(email);
  });

  test('a mail without any sender cannot become a ticket', () => {
    expect(() => buildFreshdeskTicket(request({ from: undefined }), settings)).toThrow(/no sender/);
  });

  test('CCs are deduplicated and never repeat the requester', () => {
    const cc = [
      { address: 'x@example.com', name: 'X' },
      { address: 'renee@example.fr', name: '' },
      { address: 'x@example.com', name: '' },
    ];
    expect(buildFreshdeskTicket(request({ cc }), settings).fields.cc_emails).toEqual(['x@example.com']);
  });

  test.each([
    ['no field configured', { messageIdField: undefined }, 'id@x', {}],
    ['an id over 255 characters', {}, `${'a'.repeat(250)}@x.example`, {}],
  ] as const)('the custom field is left out with %s', (_case, change, messageId, expected) => {
    const { fields } = buildFreshdeskTicket(request({ messageId }), { ...settings, ...change });
    expect(fields.custom_fields).toEqual(expected);
  });

  test('an empty subject gets a placeholder; HTML bodies are kept as they are', () => {
    const { fields } = buildFreshdeskTicket(request({ subject: '  ', html: '<p>Hi</p>' }), settings);
    expect(fields.subject).toBe('(no subject)');
    expect(fields.description).toBe('<p>Hi</p>');
  });
});

describe('fitAttachments', () => {
  test('the header block comes first and files are taken in order while they fit', () => {
    const mail = {
      attachments: [attachment('a.bin', 10), attachment('big.bin', 100), attachment('c.bin', 20)],
    };
    const headerBytes = RAW.indexOf('\r\n\r\n') + 4;
    const { files, omitted } = fitAttachments({ mail: { ...baseMail, ...mail }, raw: RAW }, headerBytes + 35);
    expect(files.map((file) => file.filename)).toEqual(['original-headers.txt', 'a.bin', 'c.bin']);
    expect(files[0]?.content.toString()).toBe('From: renee@example.fr\r\nSubject: Facture\r\n\r\n');
    expect(omitted).toEqual([{ filename: 'big.bin', size: 100, sha256: mail.attachments[1]?.sha256 }]);
  });

  test('left-out files are listed at the end of the description', () => {
    const mail = { attachments: [attachment('huge.iso', 500)] };
    const { fields } = buildFreshdeskTicket(request(mail), { ...settings, maxAttachmentBytes: 100 });
    expect(fields.description).toContain('huge.iso (500 bytes, SHA-256 ');
    expect(fields.description).toContain("Freshdesk's limit of 100 bytes");
  });
});

describe('buildFreshdeskNote', () => {
  test('a public incoming note from the contact', () => {
    const { fields } = buildFreshdeskNote(request(), 1001, settings);
    expect(fields).toMatchObject({ incoming: true, private: false, user_id: 1001 });
    expect(fields.body.startsWith('<div>Bonjour')).toBe(true);
  });

  test('without a contact the note names the sender', () => {
    const { fields } = buildFreshdeskNote(request(), undefined, settings);
    expect(fields.user_id).toBeUndefined();
    expect(fields.body.startsWith('<p>From: Renée Fontaine &lt;renee@example.fr&gt;</p>')).toBe(true);
  });

  test('files are budgeted against what the ticket already holds, and the note says why', () => {
    const mail = { attachments: [attachment('small.bin', 30), attachment('scan.pdf', 400)] };
    const headerBytes = RAW.indexOf('\r\n\r\n') + 4;
    const draft = buildFreshdeskNote(request(mail), 1001, {
      maxAttachmentBytes: 1000,
      heldAttachmentBytes: 1000 - headerBytes - 100,
    });
    expect(draft.files.map((file) => file.filename)).toEqual(['original-headers.txt', 'small.bin']);
    expect(draft.fields.body).toContain(`the ticket already holds ${900 - headerBytes} bytes of files`);
    expect(draft.fields.body).toContain("Freshdesk's limit of 1000 bytes per ticket");
    expect(draft.fields.body).toContain('scan.pdf (400 bytes, SHA-256 ');
  });

  test('a ticket already past the limit takes the note without any file', () => {
    const draft = buildFreshdeskPrivateNote(request({ attachments: [attachment('a.bin', 1)] }), {
      maxAttachmentBytes: 1000,
      heldAttachmentBytes: 1200,
    });
    expect(draft.files).toEqual([]);
    expect(draft.omitted.map((file) => file.filename)).toEqual(['original-headers.txt', 'a.bin']);
  });
});

describe('toFreshdeskForm', () => {
  test('arrays, custom fields and files in Freshdesk form syntax', async () => {
    const form = toFreshdeskForm(
      { email: 'a@example.com', status: 2, tags: ['x', 'y'], cc_emails: [], custom_fields: { cf_id: 'm@x' } },
      [{ filename: 'a.txt', contentType: 'text/plain', content: Buffer.from('hello') }],
    );
    const entries = [...form.entries()].map(([name, value]) => [
      name,
      typeof value === 'string' ? value : value.name,
    ]);
    expect(entries).toEqual([
      ['email', 'a@example.com'],
      ['status', '2'],
      ['tags[]', 'x'],
      ['tags[]', 'y'],
      ['custom_fields[cf_id]', 'm@x'],
      ['attachments[]', 'a.txt'],
    ]);
    const file = form.get('attachments[]') as File;
    expect(Buffer.from(await file.arrayBuffer()).toString()).toBe('hello');
    expect(file.type).toBe('text/plain');
  });
});

describe('subject tags and searches', () => {
  test.each([
    ['Re: Lost parcel [#123]', '123'],
    ['[#9] and [#10]', '9'],
    ['Re: Lost parcel #123', undefined],
    ['Re: [#abc]', undefined],
  ])('%j names ticket %s', (subject, id) => {
    expect(ticketIdInSubject(subject, DEFAULT_FRESHDESK_SUBJECT_PATTERN)).toBe(id);
  });

  test.each([
    ['abc@mail.example.com', `"cf_mid:'abc@mail.example.com'"`],
    ["it's@example.com", undefined],
    ['a"b@example.com', undefined],
    [`${'a'.repeat(500)}@x`, undefined],
  ])('Message-ID %j searches as %s', (messageId, query) => {
    expect(messageIdSearchQuery('cf_mid', messageId)).toBe(query);
  });
});

describe('small decisions', () => {
  test.each([
    [2, false],
    [3, false],
    [4, true],
    [5, true],
    [6, false],
  ])('status %i is done: %s', (status, done) => {
    expect(isFreshdeskDoneStatus(status)).toBe(done);
  });

  test.each([
    [{ domain: 'acme' }, 'https://acme.freshdesk.com'],
    [{ domain: 'acme.freshdesk.com' }, 'https://acme.freshdesk.com'],
    [{ url: 'http://127.0.0.1:8080/' }, 'http://127.0.0.1:8080'],
  ] as const)('location %j is %s', (location, url) => {
    expect(freshdeskBaseUrl(location)).toBe(url);
  });

  test.each([
    [
      {
        description: 'Validation failed',
        errors: [{ field: 'email', message: 'It should be a valid email', code: 'invalid_value' }],
      },
      'Validation failed; email: It should be a valid email',
    ],
    [{ code: 'invalid_credentials', message: 'You have to be logged in' }, 'You have to be logged in'],
    ['Bad Gateway', ''],
    [undefined, ''],
  ])('error body %j reads %j', (body, summary) => {
    expect(summariseFreshdeskError(body)).toBe(summary);
  });
});

describe('with parseMail on real fixtures', () => {
  const fixture = (name: string) => readFileSync(new URL(`../../../fixtures/mail/${name}`, import.meta.url));

  test('an HTML-only mail keeps its sanitised HTML as the description', async () => {
    const raw = fixture('html-only.eml');
    const mail = await parseMail(raw);
    const { fields } = buildFreshdeskTicket({ ...request(), mail, raw }, settings);
    expect(fields.description).toBe(bodyHtml(mail));
    expect(fields.description).toContain('MK-88213');
  });

  test('an encoded subject and sender arrive decoded', async () => {
    const raw = fixture('encoded-word-latin1-q.eml');
    const mail = await parseMail(raw);
    const { fields } = buildFreshdeskTicket({ ...request(), mail, raw }, settings);
    expect(fields).toMatchObject({
      subject: 'Facture erronée n° 2291',
      name: 'Renée Fontaine',
      email: 'renee.fontaine@example.fr',
    });
  });
});

describe('buildFreshdeskPrivateNote', () => {
  test('private, not incoming, no user: introduced, and files past the budget named', () => {
    const big = testAttachment('returned.eml', Buffer.alloc(600, 1));
    const request = {
      ...testRequest({ ...baseMail, attachments: [big] }),
      classification: { class: 'auto-reply' as const, signals: ['Precedence: auto_reply'] },
    };
    const draft = buildFreshdeskPrivateNote(request, { maxAttachmentBytes: 500 });
    expect(draft.fields).toEqual({
      body: expect.stringMatching(
        /^<p><strong>Auto-reply from renee@example\.fr: Facture erronée<\/strong><\/p><p>Classified by: Precedence: auto_reply<\/p><hr><div>Bonjour,.*returned\.eml \(600 bytes/s,
      ),
      private: true,
      incoming: false,
    });
    expect(draft.files.map((file) => file.filename)).toEqual(['original-headers.txt']);
    expect(draft.omitted.map((file) => file.filename)).toEqual(['returned.eml']);
  });
});
