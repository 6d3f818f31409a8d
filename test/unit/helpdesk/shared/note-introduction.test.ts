import { describe, expect, test } from 'vitest';
import {
  noteIntroduction,
  noteIntroductionHtml,
  noteIntroductionText,
} from '../../../../src/helpdesk/shared/note-introduction.js';
import { testMail } from '../test-request.js';

const autoReply = {
  mail: testMail({ subject: 'Abwesend: Problème de facture' }),
  classification: { class: 'auto-reply' as const, signals: ['Auto-Submitted: auto-replied'] },
};
const bounce = {
  mail: testMail({
    from: { address: 'mailer-daemon@mx.example.org', name: 'Mail Delivery System' },
    subject: 'Undelivered Mail Returned to Sender',
  }),
  classification: {
    class: 'bounce' as const,
    signals: ['Content-Type: multipart/report; report-type=delivery-status', 'Return-Path: <>'],
  },
};

describe('noteIntroduction', () => {
  test('an auto-reply names itself, its sender and subject, and why', () => {
    expect(noteIntroduction(autoReply)).toEqual({
      heading: 'Auto-reply from renee@example.fr: Abwesend: Problème de facture',
      signals: 'Classified by: Auto-Submitted: auto-replied',
    });
  });

  test('a bounce is a delivery failure report from the mailer daemon', () => {
    expect(noteIntroduction(bounce).heading).toBe(
      'Delivery failure report from mailer-daemon@mx.example.org: Undelivered Mail Returned to Sender',
    );
    expect(noteIntroduction(bounce).signals).toBe(
      'Classified by: Content-Type: multipart/report; report-type=delivery-status; Return-Path: <>',
    );
  });

  test('without a classification it is plain mail, with no signals line', () => {
    expect(noteIntroduction({ mail: testMail() })).toEqual({
      heading: 'Mail from renee@example.fr: Problème de facture',
      signals: undefined,
    });
  });

  test('no sender and no subject still give one readable line', () => {
    const mail = testMail({ from: undefined, replyTo: [], subject: '' });
    expect(noteIntroduction({ mail, classification: { class: 'bounce', signals: [] } }).heading).toBe(
      'Delivery failure report: (no subject)',
    );
  });

  test('line breaks in a subject or signal cannot start a second line', () => {
    const mail = testMail({ subject: 'Out of office\r\nBcc: victim@example.com' });
    const intro = noteIntroduction({
      mail,
      classification: { class: 'auto-reply', signals: ['X-A: 1\nX-B: 2'] },
    });
    expect(intro.heading).toBe('Auto-reply from renee@example.fr: Out of office Bcc: victim@example.com');
    expect(intro.signals).toBe('Classified by: X-A: 1 X-B: 2');
  });
});

describe('rendered introductions', () => {
  test('text: heading, signals, a blank line before the body', () => {
    expect(noteIntroductionText(autoReply)).toBe(
      'Auto-reply from renee@example.fr: Abwesend: Problème de facture\n' +
        'Classified by: Auto-Submitted: auto-replied\n\n',
    );
  });

  test('HTML: escaped paragraphs and a rule before the body', () => {
    expect(noteIntroductionHtml(bounce)).toBe(
      '<p><strong>Delivery failure report from mailer-daemon@mx.example.org: Undelivered Mail Returned to Sender</strong></p>' +
        '<p>Classified by: Content-Type: multipart/report; report-type=delivery-status; Return-Path: &lt;&gt;</p><hr>',
    );
  });
});
