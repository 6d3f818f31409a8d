import { describe, expect, test } from 'vitest';
import { parseMail } from '../../../src/mail/parser.js';
import type { ThreadEvidence } from '../../../src/threading/resolve-thread.js';
import { type PreviewSettings, planMailPreview, previewThread } from '../../../src/worker/preview-mail.js';

const SETTINGS: PreviewSettings = {
  classify: { ownAddresses: new Set(['support@example.com']), spamScl: 5 },
  hygiene: { autoReplies: 'note', bounces: 'note', spam: 'filter', bulk: 'filter' },
  adapterNotes: true,
  adapterName: 'webhook',
  rules: [{ name: 'billing', match: { subject: /invoice/i }, route: { target: 'Billing', tags: ['money'] } }],
  fallback: { tags: [] },
  trust: 'participants',
};

function mail(headers: readonly string[]) {
  return parseMail(
    Buffer.from(
      `${['From: Dana <dana@customers.example>', 'To: support@example.com', 'Date: Thu, 03 Dec 2026 09:00:00 +0000', ...headers].join('\r\n')}\r\n\r\nHello.\r\n`,
    ),
  );
}

const NO_EVIDENCE: ThreadEvidence = { byMessageId: new Map(), participants: new Map() };

describe('planMailPreview and previewThread', () => {
  test('a normal reply: routed by the rules, threaded to the ticket its In-Reply-To maps to', async () => {
    const reply = await mail(['Subject: Re: invoice 12', 'Message-ID: <b@x>', 'In-Reply-To: <a@x>']);
    const plan = planMailPreview(reply, 'support', SETTINGS);
    expect(plan.classification.class).toBe('normal');
    expect(plan.step).toEqual({ action: 'deliver' });
    expect(plan.routing).toEqual({ rule: 'billing', route: { target: 'Billing', tags: ['money'] } });
    const evidence: ThreadEvidence = {
      byMessageId: new Map([['a@x', { ticketId: '7', source: 'map' }]]),
      participants: new Map([['7', new Set(['dana@customers.example'])]]),
    };
    expect(previewThread(plan, evidence)).toEqual({ kind: 'reply', ticketId: '7', via: 'in-reply-to' });
  });

  test("a stranger's reply to someone else's ticket: a new ticket, and why", async () => {
    const reply = await mail(['Subject: Re: x', 'Message-ID: <b@x>', 'In-Reply-To: <a@x>']);
    const plan = planMailPreview(reply, 'support', SETTINGS);
    const evidence: ThreadEvidence = {
      byMessageId: new Map([['a@x', { ticketId: '7', source: 'map' }]]),
      participants: new Map([['7', new Set(['someone@else.example'])]]),
    };
    expect(previewThread(plan, evidence)).toMatchObject({ kind: 'new', relatedTicketId: '7' });
  });

  test('an auto-reply under autoReplies: filter is filtered before any lookup', async () => {
    const away = await mail(['Subject: Away', 'Message-ID: <c@x>', 'Auto-Submitted: auto-replied']);
    const plan = planMailPreview(away, 'support', {
      ...SETTINGS,
      hygiene: { ...SETTINGS.hygiene, autoReplies: 'filter' },
    });
    expect(plan.classification.signals).toContain('Auto-Submitted: auto-replied');
    expect(plan.step).toMatchObject({ action: 'filter', reason: 'auto-reply' });
    expect(plan.lookup).toBeUndefined();
    expect(previewThread(plan, undefined)).toMatchObject({ kind: 'none' });
  });

  test('an auto-reply under autoReplies: note becomes a note on its ticket, or nothing without one', async () => {
    const away = await mail([
      'Subject: Away',
      'Message-ID: <c@x>',
      'In-Reply-To: <a@x>',
      'Auto-Submitted: auto-replied',
    ]);
    const plan = planMailPreview(away, 'support', SETTINGS);
    expect(plan.step).toEqual({ action: 'note', kind: 'auto-reply' });
    const evidence: ThreadEvidence = {
      byMessageId: new Map([['a@x', { ticketId: '7', source: 'map' }]]),
      participants: new Map(),
    };
    expect(previewThread(plan, evidence)).toEqual({ kind: 'note', ticketId: '7', via: 'in-reply-to' });
    expect(previewThread(plan, NO_EVIDENCE)).toMatchObject({ kind: 'none' });
  });

  test("the helpdesk's own mail coming back is a loop, filtered", async () => {
    const loop = await parseMail(
      Buffer.from(
        'From: support@example.com\r\nTo: support@example.com\r\nSubject: x\r\nMessage-ID: <d@x>\r\n\r\nx\r\n',
      ),
    );
    const plan = planMailPreview(loop, 'support', SETTINGS);
    expect(plan.classification.class).toBe('loop');
    expect(previewThread(plan, undefined)).toMatchObject({
      kind: 'none',
      reason: expect.stringContaining('loop'),
    });
  });
});
