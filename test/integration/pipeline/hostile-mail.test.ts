import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { HOSTILE_MAILS } from '../../support/hostile-mails.js';
import { type PipelineEnvironment, startPipelineEnvironment } from '../../support/pipeline-environment.js';

let env: PipelineEnvironment;
beforeAll(async () => {
  env = await startPipelineEnvironment();
});
afterAll(async () => {
  await env?.stop();
});

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

test('hostile mails each become exactly one ticket, with what could not be rendered attached', async () => {
  const raws = HOSTILE_MAILS.map((hostile) => hostile.raw());
  await env.dovecot.deliver(env.user.username, raws);
  // The pipeline environment's worker lock lasts 3 s: a parse that blocked the event loop longer
  // would let the job stall and run twice.
  const app = await env.app();
  await app.startWorkers();
  const report = await app.pollOnce('support');
  if (report === 'locked') throw new Error('locked');
  const outcomes = await app.waitForOutcomes(report.queued);

  expect(report.queued).toHaveLength(HOSTILE_MAILS.length);
  expect(outcomes.deadLetters).toEqual([]);
  expect(outcomes.tickets.size).toBe(HOSTILE_MAILS.length);
  const tickets = [...env.receiver.tickets.values()];
  expect(tickets.map((ticket) => ticket.payload.message.messageId).sort()).toEqual(
    HOSTILE_MAILS.map((hostile) => `${hostile.tag}@example.com`).sort(),
  );
  expect(env.logs.filter((line) => line.includes('stalled'))).toEqual([]);

  const byId = new Map(tickets.map((ticket) => [ticket.payload.message.messageId, ticket.payload]));
  const encoded = byId.get('encoded-words@example.com');
  const original = encoded?.attachments.find((attachment) => attachment.filename === 'original.eml');
  expect(original?.sha256).toBe(sha256(raws[0]!));
  const deep = byId.get('unclosed-lists@example.com');
  expect(deep?.message.problems).toContain(
    'HTML body nests elements more than 100 deep, too deep to render: attached as body.html',
  );
  expect(deep?.attachments.map((attachment) => attachment.filename)).toEqual(['body.html']);
  expect(deep?.message.text).toContain('too deep to render: it is attached as body.html');
  const large = byId.get('unclosed-b-5mib@example.com');
  expect(large?.attachments.map((attachment) => attachment.filename)).toEqual(['body.html']);
  expect(await env.dovecot.count(env.user.username)).toBe(0);
}, 240_000);
