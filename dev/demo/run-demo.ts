import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import axios from 'axios';
import { pollOnce } from '../../src/app/poll-once.js';
import { PopdeskApp } from '../../src/app/popdesk-app.js';
import { formatStatus } from '../../src/cli/format-status.js';
import { parseConfigObject } from '../../src/config/index.js';
import type { WebhookPayload } from '../../src/helpdesk/webhook/webhook-payload.js';
import { createLogger } from '../../src/observability/create-logger.js';
import { readStatus } from '../../src/status/read-status.js';
import { startDovecot } from '../servers/dovecot-server.js';
import { startRedis } from '../servers/redis-server.js';
import { startWebhookReceiver } from '../servers/webhook-receiver.js';

/**
 * `npm run demo`: popdesk end to end on its embedded defaults. A private Redis and a private
 * Dovecot POP3 server (scripts/demo.sh installs them first, with scripts/install-system-packages.sh), the
 * sample mails from `examples/mail/` in the mailbox, a local webhook receiver standing in for
 * the helpdesk, and the real poller and worker in between; it ends with what `popdesk status`
 * shows. Returns the process exit code.
 */
export async function runDemo(options: { mailDir: string; print: (line: string) => void }): Promise<number> {
  const { print } = options;
  const files = (await readdir(options.mailDir)).filter((name) => name.endsWith('.eml')).sort();
  const mails = await Promise.all(files.map((name) => readFile(join(options.mailDir, name))));
  print(`popdesk demo: ${mails.length} sample mails from ${options.mailDir}`);

  const redis = await startRedis();
  const dovecot = await startDovecot();
  const secret = randomBytes(24).toString('hex');
  const receiver = await startWebhookReceiver({
    secret,
    onStored: (ticket, payload) => print(describe(ticket.ticketId, payload)),
  });
  const user = dovecot.users[0];
  if (user === undefined) throw new Error('the demo Dovecot has no user');
  await dovecot.deliver(user.username, mails);
  print(
    `  redis ${redis.url}, POP3S 127.0.0.1:${dovecot.pop3sPort} (${user.username}), helpdesk webhook ${receiver.url}`,
  );

  const config = parseConfigObject({
    redis: { url: redis.url, prefix: 'popdesk-demo' },
    mailboxes: [
      {
        id: 'support',
        host: dovecot.host,
        port: dovecot.pop3sPort,
        tls: 'implicit',
        // The demo server's certificate is self-signed; trusting exactly it keeps verification on.
        ca: dovecot.certificate,
        username: user.username,
        password: user.password,
        pollInterval: '60s',
      },
    ],
    helpdesk: { type: 'webhook', url: receiver.url, secret },
    worker: { concurrency: 4 },
    log: { level: 'warn' },
  });
  const logger = createLogger({ level: config.log.level });
  const app = await PopdeskApp.create(config, { logger, http: axios.create() });
  let exitCode = 1;
  try {
    const started = Date.now();
    const summary = await pollOnce(app, config, logger);
    const left = await dovecot.count(user.username);
    const replies = [...receiver.tickets.values()].reduce((sum, ticket) => sum + ticket.replies.length, 0);
    print('');
    print(
      `done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${summary.queued} mails fetched, ` +
        `${receiver.tickets.size} tickets, ${replies} replies threaded, ${summary.deadLetters} dead letters, ` +
        `${left} mails left in the mailbox`,
    );
    exitCode = summary.tickets === mails.length && summary.deadLetters === 0 && left === 0 ? 0 : 1;
    print('');
    print('$ popdesk status');
    print(formatStatus(await readStatus(config)));
  } finally {
    await app.close();
    await receiver.close();
    await dovecot.stop();
    await redis.stop();
  }
  return exitCode;
}

function describe(ticketId: string, payload: WebhookPayload): string {
  const { message } = payload;
  const from = message.from ? `${message.from.name} <${message.from.address}>`.trim() : '(no sender)';
  const files = payload.attachments.map((a) => `${a.filename} (${a.contentType}, ${a.size} B)`).join(', ');
  const snippet = message.text.replace(/\s+/g, ' ').trim().slice(0, 70);
  const verb =
    payload.event === 'ticket.reply'
      ? `  reply on ticket #${ticketId}`
      : payload.event === 'ticket.note'
        ? `  internal note (${message.classification.class}) on ticket #${ticketId}`
        : `  ticket #${ticketId}`;
  return `${verb}: "${message.subject}" from ${from}\n      ${snippet}${files ? `\n      attachments: ${files}` : ''}`;
}
