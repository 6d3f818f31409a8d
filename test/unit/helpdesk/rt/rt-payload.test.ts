import { describe, expect, test } from 'vitest';
import {
  buildComment,
  buildCorrespond,
  buildTicketCreate,
  DEFAULT_RT_PRIORITIES,
  type RtFieldIds,
} from '../../../../src/helpdesk/rt/rt-payload.js';
import { attachment, RAW, request } from './rt-fixtures.js';

const FIELDS: RtFieldIds = { messageId: '2', replyMessageId: '3' };
const settings = { queue: '1', fields: FIELDS, priorities: DEFAULT_RT_PRIORITIES };
const HEADERS_BASE64 = RAW.subarray(0, RAW.indexOf('\r\n\r\n') + 4).toString('base64');

describe('buildTicketCreate', () => {
  test('a plain mail: queue, subject, requestor with name, text, Message-ID, original headers', () => {
    expect(buildTicketCreate(request(), settings)).toEqual({
      Queue: '1',
      Subject: 'Problème de facture',
      Requestor: '"Renée" <renee@example.fr>',
      ContentType: 'text/plain',
      Content: 'Bonjour',
      CustomFields: { '2': 'abc@mail.example.fr' },
      Attachments: [
        { FileName: 'original-headers.txt', FileType: 'text/plain', FileContent: HEADERS_BASE64 },
      ],
    });
  });

  test.each([
    ['low', 0],
    ['normal', 50],
    ['high', 100],
    ['urgent', 100],
  ] as const)('priority %s is RT priority %d', (priority, number) => {
    expect(buildTicketCreate(request({}, { priority, tags: [] }), settings).Priority).toBe(number);
  });

  test('no route priority sends none: the queue default applies', () => {
    expect(buildTicketCreate(request(), settings)).not.toHaveProperty('Priority');
  });

  test('configured priority numbers are used', () => {
    const custom = { ...settings, priorities: { low: 1, normal: 2, high: 3, urgent: 4 } };
    expect(buildTicketCreate(request({}, { priority: 'urgent', tags: [] }), custom).Priority).toBe(4);
  });

  test('without From the first Reply-To is the requestor; without either there is none', () => {
    const replyTo = [
      { address: 'desk@example.org', name: '' },
      { address: 'other@example.org', name: '' },
    ];
    expect(buildTicketCreate(request({ from: undefined, replyTo }), settings).Requestor).toBe(
      'desk@example.org',
    );
    expect(buildTicketCreate(request({ from: undefined }), settings)).not.toHaveProperty('Requestor');
  });

  test('Cc: every address once, without the requestor', () => {
    const cc = [
      { address: 'bruno@example.br', name: 'Bruno "B" Lima' },
      { address: 'renee@example.fr', name: 'Renée' },
      { address: 'carla@example.br', name: '' },
      { address: 'bruno@example.br', name: 'Bruno again' },
    ];
    expect(buildTicketCreate(request({ cc }), settings).Cc).toEqual([
      '"Bruno \\"B\\" Lima" <bruno@example.br>',
      'carla@example.br',
    ]);
  });

  test('tags go to the tags field when one is configured, once each; otherwise nowhere', () => {
    const route = { tags: ['vip', 'refund', 'vip'] };
    const withTags = { ...settings, fields: { ...FIELDS, tags: '7' } };
    expect(buildTicketCreate(request({}, route), withTags).CustomFields).toEqual({
      '2': 'abc@mail.example.fr',
      '7': ['vip', 'refund'],
    });
    expect(buildTicketCreate(request({}, route), settings).CustomFields).toEqual({
      '2': 'abc@mail.example.fr',
    });
    expect(buildTicketCreate(request({}, { tags: [] }), withTags).CustomFields).toEqual({
      '2': 'abc@mail.example.fr',
    });
  });

  test('an HTML mail goes as text/html, inline images named in place and attached', () => {
    const png = Buffer.from('89504e47', 'hex');
    const body = buildTicketCreate(
      request({
        html: '<p>See <img src="cid:logo@x" alt="logo"></p>',
        attachments: [
          attachment('logo.png', png, { contentType: 'image/png', contentId: 'logo@x', inline: true }),
        ],
      }),
      settings,
    );
    expect(body.ContentType).toBe('text/html');
    expect(body.Content).toBe('<p>See [image: logo.png]</p>');
    expect(body.Attachments.map((a) => [a.FileName, a.FileType, a.FileContent])).toEqual([
      ['logo.png', 'image/png', png.toString('base64')],
      ['original-headers.txt', 'text/plain', HEADERS_BASE64],
    ]);
  });
});

describe('buildCorrespond', () => {
  test('the reply as correspondence with its Message-ID in the transaction field', () => {
    const pdf = Buffer.from('%PDF-1.4');
    expect(
      buildCorrespond(
        request({
          messageId: 'reply@x',
          subject: 'Re: [rt #1] Facture',
          attachments: [attachment('a.pdf', pdf)],
        }),
        FIELDS,
      ),
    ).toEqual({
      Subject: 'Re: [rt #1] Facture',
      ContentType: 'text/plain',
      Content: 'Bonjour',
      TxnCustomFields: { '3': 'reply@x' },
      Attachments: [
        { FileName: 'a.pdf', FileType: 'application/octet-stream', FileContent: pdf.toString('base64') },
        { FileName: 'original-headers.txt', FileType: 'text/plain', FileContent: HEADERS_BASE64 },
      ],
    });
  });
});

describe('buildComment', () => {
  const autoReply = { class: 'auto-reply' as const, signals: ['Auto-Submitted: auto-replied'] };

  test('an auto-reply as a comment: what it is first, then the text, Message-ID and files as for a reply', () => {
    const dsn = Buffer.from('Reporting-MTA: dns; mx.example.org\r\n');
    const note = buildComment(
      {
        ...request({ messageId: 'ooo@x', subject: 'Abwesend', attachments: [attachment('dsn.txt', dsn)] }),
        classification: autoReply,
      },
      FIELDS,
    );
    expect(note).toEqual({
      Subject: 'Abwesend',
      ContentType: 'text/plain',
      Content:
        'Auto-reply from renee@example.fr: Abwesend\nClassified by: Auto-Submitted: auto-replied\n\nBonjour',
      TxnCustomFields: { '3': 'ooo@x' },
      Attachments: [
        { FileName: 'dsn.txt', FileType: 'application/octet-stream', FileContent: dsn.toString('base64') },
        { FileName: 'original-headers.txt', FileType: 'text/plain', FileContent: HEADERS_BASE64 },
      ],
    });
  });

  test('an HTML mail keeps HTML, the introduction escaped before it', () => {
    const note = buildComment(
      { ...request({ html: '<p>Away</p>', subject: 'Re: <x>' }), classification: autoReply },
      FIELDS,
    );
    expect(note.ContentType).toBe('text/html');
    expect(note.Content).toBe(
      '<p><strong>Auto-reply from renee@example.fr: Re: &lt;x&gt;</strong></p>' +
        '<p>Classified by: Auto-Submitted: auto-replied</p><hr><p>Away</p>',
    );
  });
});
