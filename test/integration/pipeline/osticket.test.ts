import { createHash } from 'node:crypto';
import axios from 'axios';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  type OsTicketServer,
  osTicketUnavailable,
  startOsTicket,
} from '../../../dev/servers/osticket-server.js';
import type { PopdeskApp } from '../../../src/app/popdesk-app.js';
import { OsTicketAdapter } from '../../../src/helpdesk/osticket/osticket-adapter.js';
import { followUpNotice } from '../../../src/helpdesk/osticket/osticket-payload.js';
import { parseMail } from '../../../src/mail/parse-mail.js';
import {
  closeOsTicket,
  osTicketCount,
  osTicketFiles,
  osTicketRecord,
} from '../../support/osticket-records.js';
import { type PipelineEnvironment, startPipelineEnvironment } from '../../support/pipeline-environment.js';

const unavailable = osTicketUnavailable();
if (unavailable !== undefined) console.warn(unavailable);

const PDF = Buffer.concat([
  Buffer.from('%PDF-1.4\n'),
  Buffer.from(Array.from({ length: 50_000 }, (_, i) => (i * 31) % 256)),
]);
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
/** "Zoë Ångström" and "Rechnung für März – falsch", as a mail client writes them (RFC 2047). */
const ZOE = '=?UTF-8?B?Wm/DqyDDhW5nc3Ryw7Zt?=';
const INVOICE_SUBJECT = '=?UTF-8?Q?Rechnung_f=C3=BCr_M=C3=A4rz_=E2=80=93_falsch?=';

function mail(headers: string, body: string, attachment?: { name: string; content: Buffer }): Buffer {
  const head = `${headers}Date: Thu, 26 Nov 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n`;
  if (attachment === undefined)
    return Buffer.from(`${head}Content-Type: text/plain; charset=UTF-8\r\n\r\n${body}\r\n`);
  return Buffer.from(
    `${head}Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n${body}\r\n` +
      `--b\r\nContent-Type: application/pdf; name="${attachment.name}"\r\nContent-Disposition: attachment; filename="${attachment.name}"\r\n` +
      `Content-Transfer-Encoding: base64\r\n\r\n${attachment.content.toString('base64').replace(/.{76}/g, '$&\r\n')}\r\n--b--\r\n`,
  );
}

describe.skipIf(unavailable !== undefined)('Dovecot → popdesk → a real osTicket 1.18.1', () => {
  let env: PipelineEnvironment;
  let osticket: OsTicketServer;
  let rawApp: PopdeskApp;
  let jsonApp: PopdeskApp;

  beforeAll(async () => {
    [env, osticket] = await Promise.all([startPipelineEnvironment(), startOsTicket()]);
    const helpdesk = { type: 'osticket', url: osticket.apiUrl, apiKey: osticket.apiKey };
    rawApp = await env.app({ overrides: { helpdesk: { ...helpdesk, mode: 'raw-mail' } } });
    // A second deployment (its own Redis prefix); each polls only when a test asks it to.
    jsonApp = await env.app({
      overrides: {
        helpdesk: { ...helpdesk, mode: 'json', topicId: 1 },
        routing: {
          rules: [{ name: 'problems', match: { to: 'problems@example.com' }, route: { target: '10' } }],
        },
      },
    });
  }, 300_000);
  afterAll(async () => {
    await env?.stop();
    await osticket?.stop();
  });

  /** Delivers mails to the mailbox, has `app` poll, and waits until each is a ticket or a reply. */
  async function deliver(app: PopdeskApp, ...mails: Buffer[]): Promise<string[]> {
    await env.dovecot.deliver(env.user.username, mails);
    const report = await app.pollOnce('support');
    if (report === 'locked') throw new Error('locked');
    const outcomes = await app.waitForOutcomes(report.queued);
    expect(outcomes.deadLetters).toEqual([]);
    return [...outcomes.tickets.values()];
  }

  describe('raw-mail mode', () => {
    beforeAll(() => rawApp.startWorkers());

    test('a new ticket has the requester, the non-ASCII subject and name, and the PDF byte for byte; replies by In-Reply-To and [#number] join it', async () => {
      const [ticketId] = await deliver(
        rawApp,
        mail(
          `From: ${ZOE} <zoe@customer.example>\r\nTo: support@example.com\r\nSubject: ${INVOICE_SUBJECT}\r\nMessage-ID: <zoe-1@customer.example>\r\n`,
          'The invoice total is wrong.',
          { name: 'invoice.pdf', content: PDF },
        ),
      );
      expect(await osTicketRecord(osticket, ticketId ?? '')).toMatchObject({
        subject: 'Rechnung für März – falsch',
        userName: 'Zoë Ångström',
        userEmail: 'zoe@customer.example',
        state: 'open',
      });
      expect(await osTicketFiles(osticket, ticketId ?? '')).toEqual(new Map([['invoice.pdf', sha256(PDF)]]));

      const byHeader = await deliver(
        rawApp,
        mail(
          'From: Zoe <zoe@customer.example>\r\nTo: support@example.com\r\nSubject: Re: Rechnung\r\n' +
            'Message-ID: <zoe-2@customer.example>\r\nIn-Reply-To: <zoe-1@customer.example>\r\n',
          'Any news?',
        ),
      );
      const byTag = await deliver(
        rawApp,
        mail(
          `From: Zoe <zoe@customer.example>\r\nTo: support@example.com\r\nSubject: Still waiting [#${ticketId}]\r\n` +
            'Message-ID: <zoe-3@customer.example>\r\n',
          'Hello?',
        ),
      );
      expect([...byHeader, ...byTag]).toEqual([ticketId, ticketId]);
      const entries = (await osTicketRecord(osticket, ticketId ?? ''))?.entries.filter(
        (entry) => entry.type === 'M',
      );
      expect(entries?.map((entry) => entry.body)).toEqual([
        expect.stringContaining('The invoice total is wrong.'),
        expect.stringContaining('Any news?'),
        expect.stringContaining('Hello?'),
      ]);
    });

    test('a subject in undeclared Latin-1 bytes is the ticket subject agents see', async () => {
      const [ticketId] = await deliver(
        rawApp,
        Buffer.concat([
          Buffer.from(
            'From: Jos\xe9 <jose@customer.example>\r\nTo: support@example.com\r\nSubject: ',
            'latin1',
          ),
          Buffer.from('Réclamation über Café', 'latin1'),
          Buffer.from('\r\nMessage-ID: <jose-1@customer.example>\r\n\r\nBonjour.\r\n', 'latin1'),
        ]),
      );
      expect(await osTicketRecord(osticket, ticketId ?? '')).toMatchObject({
        subject: 'Réclamation über Café',
        userName: 'José',
      });
    });

    test('a mail posted again after a crash (ticket in osTicket, popdesk never recorded it) finds that ticket', async () => {
      const raw = mail(
        'From: Bo <bo@customer.example>\r\nTo: support@example.com\r\nSubject: Printer on fire\r\nMessage-ID: <bo-1@customer.example>\r\n',
        'Really.',
      );
      // What a worker killed right after osTicket answered leaves behind.
      const adapter = new OsTicketAdapter({
        url: osticket.apiUrl,
        apiKey: osticket.apiKey,
        mode: 'raw-mail',
        timeoutMs: 30_000,
        http: axios.create(),
        now: () => Date.now(),
      });
      const { ticketId } = await adapter.createTicket({
        mail: await parseMail(raw),
        raw,
        mailboxId: 'support',
        idempotencyKey: 'crashed-before-record',
        route: { tags: [] },
      });
      const before = await osTicketCount(osticket);
      expect(await deliver(rawApp, raw)).toEqual([ticketId]);
      expect(await osTicketCount(osticket)).toBe(before);
      expect(
        (await osTicketRecord(osticket, ticketId))?.entries.filter((entry) => entry.type === 'M'),
      ).toHaveLength(1);
    });

    test('a reply to a closed ticket joins it and opens it again', async () => {
      const [ticketId] = await deliver(
        rawApp,
        mail(
          'From: Di <di@customer.example>\r\nTo: support@example.com\r\nSubject: Login fails\r\nMessage-ID: <di-1@customer.example>\r\n',
          'Cannot log in.',
        ),
      );
      await closeOsTicket(osticket, ticketId ?? '');
      expect((await osTicketRecord(osticket, ticketId ?? ''))?.state).toBe('closed');
      const reply = await deliver(
        rawApp,
        mail(
          'From: Di <di@customer.example>\r\nTo: support@example.com\r\nSubject: Re: Login fails\r\n' +
            'Message-ID: <di-2@customer.example>\r\nIn-Reply-To: <di-1@customer.example>\r\n',
          'It happens again.',
        ),
      );
      expect(reply).toEqual([ticketId]);
      expect((await osTicketRecord(osticket, ticketId ?? ''))?.state).toBe('open');
    });
  });

  describe('json mode', () => {
    beforeAll(() => jsonApp.startWorkers());

    test('a new ticket has the requester, the non-ASCII subject and name, the PDF byte for byte, and the default topic', async () => {
      const [ticketId] = await deliver(
        jsonApp,
        mail(
          `From: ${ZOE} <zoe@customer.example>\r\nTo: support@example.com\r\nSubject: ${INVOICE_SUBJECT}\r\nMessage-ID: <json-zoe-1@customer.example>\r\n`,
          'The invoice total is wrong.',
          { name: 'invoice.pdf', content: PDF },
        ),
      );
      expect(await osTicketRecord(osticket, ticketId ?? '')).toMatchObject({
        subject: 'Rechnung für März – falsch',
        userName: 'Zoë Ångström',
        userEmail: 'zoe@customer.example',
        topicId: 1,
      });
      expect(await osTicketFiles(osticket, ticketId ?? '')).toEqual(new Map([['invoice.pdf', sha256(PDF)]]));
    });

    test('routing: a mail to a second address goes to the help topic its rule names', async () => {
      const [ticketId] = await deliver(
        jsonApp,
        mail(
          'From: Cy <cy@customer.example>\r\nTo: problems@example.com\r\nSubject: Broken\r\nMessage-ID: <json-cy-1@customer.example>\r\n',
          'It is broken.',
        ),
      );
      expect((await osTicketRecord(osticket, ticketId ?? ''))?.topicId).toBe(10);
    });

    test('a reply, even to a closed ticket, opens a follow-up ticket that names the first (the JSON API cannot add one)', async () => {
      const [first] = await deliver(
        jsonApp,
        mail(
          'From: Ed <ed@customer.example>\r\nTo: support@example.com\r\nSubject: Refund\r\nMessage-ID: <json-ed-1@customer.example>\r\n',
          'Refund please.',
        ),
      );
      await closeOsTicket(osticket, first ?? '');
      const [followUp] = await deliver(
        jsonApp,
        mail(
          'From: Ed <ed@customer.example>\r\nTo: support@example.com\r\nSubject: Re: Refund\r\n' +
            'Message-ID: <json-ed-2@customer.example>\r\nIn-Reply-To: <json-ed-1@customer.example>\r\n',
          'Still no refund.',
        ),
      );
      expect(followUp).not.toBe(first);
      const record = await osTicketRecord(osticket, followUp ?? '');
      expect(record?.entries[0]?.body).toContain(followUpNotice(first ?? ''));
      expect(record?.entries[0]?.body).toContain('Still no refund.');
      expect((await osTicketRecord(osticket, first ?? ''))?.state).toBe('closed');
    });
  });
});
