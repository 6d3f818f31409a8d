import { describe, expect, test } from 'vitest';
import type { TicketRoute } from '../../../../src/helpdesk/helpdesk-adapter.js';
import { HelpdeskError } from '../../../../src/helpdesk/helpdesk-error.js';
import {
  buildOsTicketJson,
  DEFAULT_OSTICKET_PRIORITIES,
  followUpNotice,
  type OsTicketJsonSettings,
} from '../../../../src/helpdesk/osticket/osticket-payload.js';
import { parseMail } from '../../../../src/mail/parse-mail.js';
import { readFixture } from '../../mail/read-fixture.js';
import { testAttachment, testMail, testRequest } from '../test-request.js';

const settings: OsTicketJsonSettings = { priorities: DEFAULT_OSTICKET_PRIORITIES };

function refusal(run: () => unknown): HelpdeskError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(HelpdeskError);
    return error as HelpdeskError;
  }
  throw new Error('expected a HelpdeskError');
}

describe('buildOsTicketJson', () => {
  test('the documented fields, message as a UTF-8 text data URL', () => {
    expect(buildOsTicketJson(testRequest(), settings)).toEqual({
      name: 'Renée Martin',
      email: 'renee@example.fr',
      subject: 'Problème de facture',
      message: 'data:text/plain;charset=utf-8,Bonjour',
      attachments: [],
    });
  });

  test('HTML goes verbatim after the comma, not %-encoded', () => {
    const ticket = buildOsTicketJson(testRequest(testMail({ html: '<p>50% off, "really"</p>' })), settings);
    expect(ticket.message).toBe('data:text/html;charset=utf-8,<p>50% off, "really"</p>');
  });

  test.each<{ name: string; route: TicketRoute; topicId?: number; expected: Record<string, unknown> }>([
    {
      name: 'no route, no default topic',
      route: { tags: [] },
      expected: { topicId: undefined, priority: undefined },
    },
    { name: 'default topic', route: { tags: [] }, topicId: 7, expected: { topicId: 7 } },
    { name: 'route topic wins', route: { target: '12', tags: [] }, topicId: 7, expected: { topicId: 12 } },
    { name: 'route topic with spaces', route: { target: ' 12 ', tags: [] }, expected: { topicId: 12 } },
    { name: 'low priority', route: { priority: 'low', tags: [] }, expected: { priority: 1 } },
    { name: 'urgent is emergency', route: { priority: 'urgent', tags: [] }, expected: { priority: 4 } },
  ])('$name', ({ route, topicId, expected }) => {
    const ticket = buildOsTicketJson(testRequest(testMail(), { route }), {
      ...settings,
      ...(topicId !== undefined ? { topicId } : {}),
    });
    for (const [key, value] of Object.entries(expected)) {
      expect(ticket[key as keyof typeof ticket]).toEqual(value);
    }
  });

  test.each([
    { from: { address: 'a@example.com', name: '' }, name: 'a@example.com' },
    { from: { address: 'a@example.com', name: '  Ann  ' }, name: 'Ann' },
  ])('name falls back to the address: $from.name', ({ from, name }) => {
    expect(buildOsTicketJson(testRequest(testMail({ from })), settings).name).toBe(name);
  });

  test.each(['', '  '])('subject "%s" becomes osTicket\'s own [No Subject]', (subject) => {
    expect(buildOsTicketJson(testRequest(testMail({ subject })), settings).subject).toBe('[No Subject]');
  });

  test('attachments are one-key objects with a single-parameter base64 data URL', () => {
    const content = Buffer.from([0, 1, 2, 255]);
    const mail = testMail({
      attachments: [testAttachment('f.pdf', content, { contentType: 'application/pdf' })],
    });
    expect(buildOsTicketJson(testRequest(mail), settings).attachments).toEqual([
      { 'f.pdf': `data:application/pdf;base64,${content.toString('base64')}` },
    ]);
  });

  test('inline images of an HTML mail travel inside the message', async () => {
    const mail = await parseMail(readFixture('related-inline-image.eml'));
    const ticket = buildOsTicketJson(testRequest(mail), settings);
    expect(ticket.message).toMatch(/^data:text\/html;charset=utf-8,/);
    expect(ticket.message).toContain('src="data:image/png;base64,');
    expect(ticket.attachments).toEqual([]);
  });

  test.each([
    {
      name: 'text',
      mail: testMail(),
      start: `data:text/plain;charset=utf-8,${followUpNotice('123456')}\n\nBonjour`,
    },
    {
      name: 'html',
      mail: testMail({ html: '<p>Bonjour</p>' }),
      start: `data:text/html;charset=utf-8,<p><em>${followUpNotice('123456')}</em></p><p>Bonjour</p>`,
    },
  ])('a follow-up names the earlier ticket first ($name)', ({ mail, start }) => {
    const ticket = buildOsTicketJson(testRequest(mail), { ...settings, followUpOf: '123456' });
    expect(ticket.message).toBe(start);
  });

  test.each([
    { name: 'no From', mail: testMail({ from: undefined }), route: { tags: [] } },
    { name: 'a topic name instead of an id', mail: testMail(), route: { target: 'Billing', tags: [] } },
    { name: 'a negative topic', mail: testMail(), route: { target: '-3', tags: [] } },
  ])('$name is refused for good', ({ mail, route }) => {
    const error = refusal(() => buildOsTicketJson(testRequest(mail, { route }), settings));
    expect(error.retryable).toBe(false);
  });
});
