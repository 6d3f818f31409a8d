import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { zendeskHelpdeskSchema } from '../../../../src/config/helpdesks/zendesk-helpdesk-schema.js';
import type { TicketRequest } from '../../../../src/helpdesk/helpdesk-adapter.js';
import { summariseZendeskError, zendeskErrorCode } from '../../../../src/helpdesk/zendesk/zendesk-client.js';
import { zendeskBaseUrl } from '../../../../src/helpdesk/zendesk/zendesk-location.js';
import {
  buildZendeskNote,
  buildZendeskReply,
  buildZendeskTicket,
  type ZendeskMappingSettings,
  zendeskFiles,
  zendeskGroupId,
} from '../../../../src/helpdesk/zendesk/zendesk-payload.js';
import { zendeskTicketState } from '../../../../src/helpdesk/zendesk/zendesk-ticket-state.js';
import type { InboundMail, MailAttachment } from '../../../../src/mail/inbound-mail.js';
import { parseMail } from '../../../../src/mail/parse-mail.js';
import { testAttachment, testMail, testRequest } from '../test-request.js';

const settings: ZendeskMappingSettings = { defaultGroupId: undefined, maxAttachmentBytes: 1000 };

const baseMail = testMail({
  from: { address: 'jorg@example.de', name: 'Jörg Schäfer' },
  date: undefined,
  subject: 'Rückerstattung',
  text: 'Hallo',
  rawSize: 10,
});

const RAW = Buffer.from('From: jorg@example.de\r\n\r\nHallo\r\n');

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
  return testAttachment(filename, Buffer.alloc(size, 2), { contentType: 'image/png' });
}

describe('buildZendeskTicket', () => {
  test('a ticket whose first comment is the mail, from its sender, keyed by Message-ID', () => {
    expect(buildZendeskTicket(request({}, { tags: ['de', 'de'] }), ['t1', 't2'], [], settings)).toEqual({
      ticket: {
        subject: 'Rückerstattung',
        comment: { html_body: '<div>Hallo</div>', public: true, uploads: ['t1', 't2'] },
        requester: { name: 'Jörg Schäfer', email: 'jorg@example.de' },
        external_id: 'abc@mail.example.com',
        tags: ['de'],
        metadata: { popdesk_message_id: 'abc@mail.example.com' },
      },
    });
  });

  test.each([['low'], ['normal'], ['high'], ['urgent']] as const)(
    'priority %s is sent under the same name',
    (priority) => {
      expect(buildZendeskTicket(request({}, { priority }), [], [], settings).ticket.priority).toBe(priority);
    },
  );

  test.each([
    [undefined, undefined, undefined],
    [undefined, 5, 5],
    ['360001', 5, 360001],
  ] as const)('route target %s with default %s gives group %s', (target, defaultGroupId, groupId) => {
    const route = target === undefined ? {} : { target };
    expect(
      buildZendeskTicket(request({}, route), [], [], { ...settings, defaultGroupId }).ticket.group_id,
    ).toBe(groupId);
  });

  test.each(['Support', '-3', '0'])('route target %j is a permanent error', (target) => {
    expect(() => zendeskGroupId(target, undefined)).toThrow(/not a Zendesk group id/);
  });

  test('CCs become email CCs, without the requester or duplicates', () => {
    const cc = [
      { address: 'anna@example.de', name: 'Anna' },
      { address: 'jorg@example.de', name: '' },
      { address: 'anna@example.de', name: '' },
      { address: 'ben@example.de', name: '' },
    ];
    expect(buildZendeskTicket(request({ cc }), [], [], settings).ticket.email_ccs).toEqual([
      { user_email: 'anna@example.de', user_name: 'Anna', action: 'put' },
      { user_email: 'ben@example.de', action: 'put' },
    ]);
  });

  test('a nameless sender is named by address; no sender at all is a permanent error', () => {
    const nameless = request({ from: { address: 'x@example.com', name: '' } });
    expect(buildZendeskTicket(nameless, [], [], settings).ticket.requester).toEqual({
      name: 'x@example.com',
      email: 'x@example.com',
    });
    expect(() => buildZendeskTicket(request({ from: undefined }), [], [], settings)).toThrow(/no sender/);
  });

  test('a follow-up names its closed source and is written by the sender, not the API user', () => {
    const followUp = { sourceId: 77, authorId: 123, sourceTags: ['vip'] };
    const { ticket } = buildZendeskTicket(request(), [], [], settings, followUp);
    expect(ticket.via_followup_source_id).toBe(77);
    expect(ticket.comment).toEqual({ html_body: '<div>Hallo</div>', public: true, author_id: 123 });
  });

  test.each([
    ['a new ticket, no route tags', undefined, [], undefined],
    ['a new ticket, route tags', undefined, ['de'], ['de']],
    ['a follow-up, no route tags: the inherited ones stay', ['vip'], [], undefined],
    [
      'a follow-up, route tags: merged with the inherited ones',
      ['vip', 'de'],
      ['de', 'late'],
      ['vip', 'de', 'late'],
    ],
  ])('tags for %s', (_, sourceTags, tags, expected) => {
    const followUp = sourceTags === undefined ? undefined : { sourceId: 77, authorId: 123, sourceTags };
    const { ticket } = buildZendeskTicket(request({}, { tags }), [], [], settings, followUp);
    expect(ticket.tags).toEqual(expected);
    expect('tags' in ticket).toBe(expected !== undefined);
  });
});

describe('buildZendeskReply', () => {
  test('a public comment by the sender, recording the Message-ID in the audit', () => {
    expect(buildZendeskReply(request(), [], [], 123, settings)).toEqual({
      ticket: {
        comment: { html_body: '<div>Hallo</div>', public: true, author_id: 123 },
        metadata: { popdesk_message_id: 'abc@mail.example.com' },
      },
    });
  });
});

describe('zendeskFiles', () => {
  test('each file up to the per-file limit goes; a larger one is named in the comment', () => {
    const mail = {
      attachments: [attachment('a.png', 1000), attachment('b.png', 1001), attachment('c.png', 1)],
    };
    const { files, omitted } = zendeskFiles({ mail: { ...baseMail, ...mail }, raw: RAW }, 1000);
    expect(files.map((file) => file.filename)).toEqual(['original-headers.txt', 'a.png', 'c.png']);
    expect(omitted).toEqual([{ filename: 'b.png', size: 1001, sha256: mail.attachments[1]?.sha256 }]);
    const { ticket } = buildZendeskTicket(request(mail), [], omitted, settings);
    expect(ticket.comment.html_body).toContain('b.png (1001 bytes, SHA-256 ');
  });
});

describe('zendeskTicketState', () => {
  test.each([
    ['new', 'open'],
    ['open', 'open'],
    ['pending', 'open'],
    ['hold', 'open'],
    ['solved', 'closed'],
    ['closed', 'closed'],
    [undefined, 'open'],
  ])('status %s is %s', (status, kind) => {
    expect(zendeskTicketState({ status })).toEqual({ kind });
  });
});

describe('errors and locations', () => {
  test.each([
    [{ error: "Couldn't authenticate you" }, "Couldn't authenticate you", "Couldn't authenticate you"],
    [
      {
        error: 'RecordInvalid',
        description: 'Record validation errors',
        details: { status: [{ description: 'Status: closed prevents ticket update' }] },
      },
      'RecordInvalid',
      'RecordInvalid; Record validation errors; status: Status: closed prevents ticket update',
    ],
    [
      { error: { title: 'Forbidden', message: 'You do not have access' } },
      'Forbidden',
      'Forbidden; You do not have access',
    ],
    ['oops', undefined, ''],
  ])('body %j has code %s and reads %j', (body, code, summary) => {
    expect(zendeskErrorCode(body)).toBe(code);
    expect(summariseZendeskError(body)).toBe(summary);
  });

  test.each([
    [{ subdomain: 'acme' }, 'https://acme.zendesk.com'],
    [{ url: 'https://help.acme.com/' }, 'https://help.acme.com'],
  ] as const)('location %j is %s', (location, url) => {
    expect(zendeskBaseUrl(location)).toBe(url);
  });
});

describe('zendeskHelpdeskSchema', () => {
  const valid = { type: 'zendesk', subdomain: 'acme', email: 'bot@acme.com', apiToken: 'tok123' };
  const issues = (input: unknown) => {
    const result = zendeskHelpdeskSchema.safeParse(input);
    return result.success
      ? []
      : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  };

  test('fills the defaults', () => {
    expect(zendeskHelpdeskSchema.parse(valid)).toEqual({
      ...valid,
      maxAttachmentSize: 50 * 1024 * 1024,
      timeout: 30_000,
    });
  });

  test.each([
    [{ ...valid, subdomain: undefined }, 'subdomain: required (or set url)'],
    [{ ...valid, url: 'https://acme.zendesk.com' }, 'url: set either subdomain or url, not both'],
    [{ ...valid, subdomain: 'acme.zendesk.com' }, 'subdomain: must be the subdomain only, like acme'],
    [{ ...valid, email: 'bot' }, 'email: must be an email address'],
    [{ ...valid, apiToken: undefined }, 'apiToken: required'],
    [{ ...valid, defaultGroupId: 'abc' }, 'defaultGroupId: Invalid input: expected number, received string'],
  ])('%j is refused: %s', (input, message) => {
    expect(issues(input)).toContain(message);
  });
});

describe('with parseMail on a real fixture', () => {
  test('a mail with a PDF and a PNG uploads both and the header block', async () => {
    const raw = readFileSync(new URL('../../../fixtures/mail/mixed-pdf-png.eml', import.meta.url));
    const mail = await parseMail(raw);
    const { files, omitted } = zendeskFiles({ mail, raw }, 50 * 1024 * 1024);
    expect(files.map((file) => file.filename)).toEqual([
      'original-headers.txt',
      ...mail.attachments.map((a) => a.filename),
    ]);
    expect(omitted).toEqual([]);
  });
});

describe('buildZendeskNote', () => {
  test('an internal comment by the API user: introduced, uploads, Message-ID in metadata, no status', () => {
    const request = {
      ...testRequest(baseMail, { raw: RAW }),
      classification: { class: 'bounce' as const, signals: ['Return-Path: <>'] },
    };
    const omitted = [{ filename: 'big.bin', size: 2000, sha256: 'ab' }];
    expect(buildZendeskNote(request, ['t1'], omitted, settings)).toEqual({
      ticket: {
        comment: {
          html_body: expect.stringMatching(
            /^<p><strong>Delivery failure report from jorg@example\.de: Rückerstattung<\/strong><\/p><p>Classified by: Return-Path: &lt;&gt;<\/p><hr><div>Hallo<\/div>.*big\.bin/s,
          ),
          public: false,
          uploads: ['t1'],
        },
        metadata: { popdesk_message_id: 'abc@mail.example.com' },
      },
    });
  });
});
