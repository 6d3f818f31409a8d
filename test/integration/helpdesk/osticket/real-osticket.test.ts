import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import axios from 'axios';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  type OsTicketServer,
  osTicketUnavailable,
  startOsTicket,
} from '../../../../dev/servers/osticket-server.js';
import { warnAboutHelpdeskSetup } from '../../../../src/app/warn-about-helpdesk-setup.js';
import { parseConfigObject } from '../../../../src/config/index.js';
import type { TicketRoute } from '../../../../src/helpdesk/helpdesk-adapter.js';
import {
  OsTicketAdapter,
  type OsTicketAdapterOptions,
} from '../../../../src/helpdesk/osticket/osticket-adapter.js';
import {
  fetchOsTicketPublicForm,
  osTicketSetupProblems,
} from '../../../../src/helpdesk/osticket/osticket-public-form.js';
import { createLogger } from '../../../../src/observability/create-logger.js';
import { osTicketFiles, osTicketRecord } from '../../../support/osticket-records.js';
import { failure } from '../../../unit/helpdesk/helpdesk-failure.js';
import { parsedRequest } from '../helpdesk-requests.js';

const unavailable = osTicketUnavailable();
if (unavailable !== undefined) console.warn(unavailable);

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
let sequence = 0;

/** A mail with a unique Message-ID; `headers` may override From and Subject. */
function mail(
  options: { from?: string; subject?: string; body?: string; attachment?: Buffer; parts?: string } = {},
): Buffer {
  sequence += 1;
  const head = [
    ...(options.from === '' ? [] : [`From: ${options.from ?? 'Ana Lima <ana@customer.example>'}`]),
    'To: support@example.com',
    `Subject: ${options.subject ?? `Question ${sequence}`}`,
    `Message-ID: <real-${sequence}-${Date.now()}@customer.example>`,
    'Date: Thu, 26 Nov 2026 10:00:00 +0000',
    'MIME-Version: 1.0',
  ].join('\r\n');
  const body = options.body ?? 'Please help.';
  if (options.attachment === undefined && options.parts === undefined) {
    return Buffer.from(`${head}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`);
  }
  const attachment =
    options.attachment === undefined
      ? ''
      : '--b\r\nContent-Type: application/pdf; name="big.pdf"\r\nContent-Disposition: attachment; filename="big.pdf"\r\n' +
        `Content-Transfer-Encoding: base64\r\n\r\n${options.attachment.toString('base64').replace(/.{76}/g, '$&\r\n')}\r\n`;
  return Buffer.from(
    `${head}\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n` +
      `${attachment}${options.parts ?? ''}--b--\r\n`,
  );
}

describe.skipIf(unavailable !== undefined)('the osTicket adapter against a real osTicket 1.18.1', () => {
  let osticket: OsTicketServer;
  beforeAll(async () => {
    osticket = await startOsTicket();
  }, 120_000);
  afterAll(async () => {
    await osticket?.stop();
  });

  function adapter(mode: OsTicketAdapterOptions['mode'], options: Partial<OsTicketAdapterOptions> = {}) {
    return new OsTicketAdapter({
      url: osticket.apiUrl,
      apiKey: osticket.apiKey,
      mode,
      timeoutMs: 30_000,
      http: axios.create(),
      now: () => Date.now(),
      ...options,
    });
  }

  /** Runs `body` with osTicket settings changed, and puts them back. */
  async function withSettings(settings: Record<string, string>, body: () => Promise<void>): Promise<void> {
    const keys = Object.keys(settings).map((key) => `'${key}'`);
    const before = await osticket.sql(
      `SELECT \`key\`, value FROM ost_config WHERE namespace = 'core' AND \`key\` IN (${keys.join(',')})`,
    );
    for (const [key, value] of Object.entries(settings)) await osticket.setConfig(key, value);
    try {
      await body();
    } finally {
      for (const [key, value] of before) await osticket.setConfig(key ?? '', value ?? '');
    }
  }

  test('a wrong API key is 401 "Valid API key required": permanent', async () => {
    const error = await failure(
      adapter('raw-mail', { apiKey: 'F'.repeat(32) }).createTicket(await parsedRequest(mail())),
    );
    expect(error).toMatchObject({ status: 401, retryable: false });
    expect(error.message).toContain('Valid API key required');
  });

  test('mails osTicket refuses (500 "Unable to create new ticket") are permanent, not retried for hours', async () => {
    const noFrom = await failure(adapter('raw-mail').createTicket(await parsedRequest(mail({ from: '' }))));
    expect(noFrom).toMatchObject({ status: 500, retryable: false });
    expect(noFrom.responseBody).toMatch(/^Unable to create new ticket/);
    const odd = await failure(
      adapter('json').createTicket(await parsedRequest(mail({ from: 'Odd <odd@localhost>' }))),
    );
    expect(odd).toMatchObject({ status: 500, retryable: false });
    expect(odd.responseBody).toMatch(/^Unable to create new ticket/);
  });

  test('ticket numbers in a custom format (HD/######) are recorded, and replies find them', async () => {
    await withSettings({ ticket_number_format: 'HD/######' }, async () => {
      const first = mail({ subject: 'Numbered' });
      const { ticketId } = await adapter('raw-mail').createTicket(await parsedRequest(first));
      expect(ticketId).toMatch(/^HD\/\d{6}$/);
      expect((await osTicketRecord(osticket, ticketId))?.subject).toBe('Numbered');
      const messageId = /Message-ID: (<[^>]+>)/.exec(first.toString())?.[1];
      const reply = Buffer.from(
        `From: Ana Lima <ana@customer.example>\r\nSubject: Re: Numbered\r\nMessage-ID: <hd-reply-${Date.now()}@customer.example>\r\n` +
          `In-Reply-To: ${messageId}\r\n\r\nThanks\r\n`,
      );
      expect(await adapter('raw-mail').addReply(ticketId, await parsedRequest(reply))).toEqual({ ticketId });
    });
  });

  test('json mode: a file over max_file_size still reaches the ticket, byte for byte', async () => {
    // 1.5 MiB: over the 1 MiB limit many osTicket installs have (a fresh 1.18.1 sets 32 MiB).
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(1536 * 1024, 0x2a)]);
    await withSettings({ max_file_size: String(1024 * 1024) }, async () => {
      const request = await parsedRequest(mail({ subject: 'Big scan', attachment: pdf }), { tags: [] });
      const { ticketId } = await adapter('json', { maxFileSize: 1024 * 1024 }).createTicket(request);
      expect((await osTicketFiles(osticket, ticketId)).get('big.pdf')).toBe(sha256(pdf));
      expect((await osTicketRecord(osticket, ticketId))?.subject).toBe('Big scan');
    });
  });

  test('json mode: small files go as JSON, with the route topic', async () => {
    const pdf = Buffer.from('%PDF-1.4\nsmall\n');
    const request = await parsedRequest(mail({ subject: 'Small scan', attachment: pdf }), {
      target: '10',
      tags: [],
    });
    const { ticketId } = await adapter('json', { maxFileSize: 1024 * 1024 }).createTicket(request);
    expect(await osTicketFiles(osticket, ticketId)).toEqual(new Map([['big.pdf', sha256(pdf)]]));
    expect((await osTicketRecord(osticket, ticketId))?.topicId).toBe(10);
  });

  test('help topics: osTicket files an unknown topic id under no topic, and the form lookup reports it', async () => {
    const route: TicketRoute = { target: '999', tags: [] };
    const { ticketId } = await adapter('json').createTicket(await parsedRequest(mail(), route));
    expect((await osTicketRecord(osticket, ticketId))?.topicId).toBe(0);

    const form = await fetchOsTicketPublicForm({
      url: osticket.apiUrl,
      timeoutMs: 10_000,
      http: axios.create(),
      now: () => Date.now(),
    });
    expect(form.topics.get(1)).toBe('General Inquiry');
    expect(
      osTicketSetupProblems({ targets: ['1', '10', '999'], mode: 'raw-mail', maxFileSize: 1 }, form),
    ).toEqual([{ kind: 'target-not-public', target: '999' }]);
  });

  test('popdesk check: the public help topics, a route target that is no id failing, an unknown one warned about', async () => {
    const checks = await adapter('json').checkSetup(['1', '999', 'Sales']);
    expect(checks.map((check) => [check.what, check.ok])).toEqual([
      ['api key', true],
      ['ticket form', true],
      ['help topic 999', true],
      ['help topic Sales', false],
    ]);
    expect(checks[1]?.detail).toContain('1 General Inquiry');
    expect(checks[2]?.detail).toContain('no public help topic');
    expect(checks[3]?.detail).toContain("use the topic's number");
  });

  test('at start-up, popdesk warns about a route to a help topic osTicket does not have, naming it', async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        callback();
      },
    });
    const config = parseConfigObject({
      mailboxes: [{ id: 'support', host: '127.0.0.1', username: 'support@example.com', password: 'x' }],
      helpdesk: { type: 'osticket', url: osticket.apiUrl, apiKey: osticket.apiKey },
      routing: {
        rules: [{ match: { to: 'sales@example.com' }, route: { target: '999' } }],
        default: { target: '1' },
      },
    });
    const problems = await warnAboutHelpdeskSetup(
      config,
      axios.create(),
      createLogger({ level: 'info', destination }),
    );
    expect(problems).toEqual([{ kind: 'target-not-public', target: '999' }]);
    const warnings = lines.map((line) => JSON.parse(line) as { level: string; msg: string });
    expect(warnings.map((line) => line.msg)).toEqual([
      expect.stringMatching(/route target 999 is no public help topic/),
    ]);
    expect(warnings[0]?.level).toBe('warn');
  });

  test("the form lookup reads osTicket's file size limit, so check can compare maxFileSize with it", async () => {
    const lookup = { url: osticket.apiUrl, timeoutMs: 10_000, http: axios.create(), now: () => Date.now() };
    // A fresh 1.18.1 allows 32 MiB.
    expect((await fetchOsTicketPublicForm(lookup)).maxFileSize).toBe(32 * 1024 * 1024);
    await withSettings({ max_file_size: String(1024 * 1024) }, async () => {
      const form = await fetchOsTicketPublicForm(lookup);
      expect(form.maxFileSize).toBe(1024 * 1024);
      expect(
        osTicketSetupProblems({ targets: [], mode: 'json', maxFileSize: 32 * 1024 * 1024 }, form),
      ).toEqual([{ kind: 'max-file-size-too-big', configured: 32 * 1024 * 1024, osTicket: 1024 * 1024 }]);
    });
  });

  test('raw-mail: a file name in RFC 2231 continuations (filename*0*=) is kept', async () => {
    const part =
      '--b\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Disposition: attachment;\r\n' +
      " filename*0*=utf-8''R%C3%A9sum%C3%A9%20of%20the%20;\r\n filename*1*=meeting.txt\r\n\r\n" +
      'Minutes of the meeting\r\n';
    const request = await parsedRequest(mail({ subject: 'Minutes', parts: part }));
    const { ticketId } = await adapter('raw-mail').createTicket(request);
    expect(request.mail.attachments.map((file) => file.filename)).toEqual(['Résumé of the meeting.txt']);
    // osTicket's MIME parser keeps the line break before the boundary in a text part's content.
    expect(await osTicketFiles(osticket, ticketId)).toEqual(
      new Map([['Résumé of the meeting.txt', sha256(Buffer.from('Minutes of the meeting\r\n'))]]),
    );
  });

  test('raw-mail: undeclared Latin-1 bytes in Subject and From still give the ticket its subject and name', async () => {
    const raw = Buffer.concat([
      Buffer.from('From: ', 'latin1'),
      Buffer.from('José Müller <jose@customer.example>', 'latin1'),
      Buffer.from('\r\nTo: support@example.com\r\nSubject: ', 'latin1'),
      Buffer.from('Réclamation über Café', 'latin1'),
      Buffer.from(`\r\nMessage-ID: <latin1-${Date.now()}@customer.example>\r\n\r\nBonjour.\r\n`, 'latin1'),
    ]);
    const { ticketId } = await adapter('raw-mail').createTicket(await parsedRequest(raw));
    expect(await osTicketRecord(osticket, ticketId)).toMatchObject({
      subject: 'Réclamation über Café',
      userName: 'José Müller',
      userEmail: 'jose@customer.example',
      entries: [{ type: 'M', title: 'Réclamation über Café' }],
    });
    // json mode sends popdesk's own reading, as the other adapters do: the same subject.
    const json = await adapter('json').createTicket(await parsedRequest(raw));
    expect((await osTicketRecord(osticket, json.ticketId))?.subject).toBe('Réclamation über Café');
  });
});
