import fc from 'fast-check';
import { expect, test } from 'vitest';
import { WebhookBody } from '../../../../src/helpdesk/webhook/webhook-body.js';
import type {
  WebhookAttachmentHeader,
  WebhookEnvelope,
} from '../../../../src/helpdesk/webhook/webhook-payload.js';
import { signWebhookBody } from '../../../../src/helpdesk/webhook/webhook-signature.js';

const envelope = (attachments: WebhookAttachmentHeader[]): WebhookEnvelope => ({
  version: 1,
  event: 'ticket.create',
  idempotencyKey: 'mailbox:ref',
  mailbox: 'support',
  ticketId: null,
  relatedTicketId: null,
  route: { target: null, priority: null, tags: [] },
  message: {
    messageId: 'a@example.com',
    inReplyTo: [],
    references: [],
    from: { name: 'Renée "R" \u2028', address: 'r@example.com' },
    replyTo: [],
    to: [],
    cc: [],
    date: null,
    subject: 'Subject with "quotes", \\ and \u0000',
    text: 'body',
    html: null,
    headers: {},
    problems: [],
    classification: { class: 'normal', signals: [] },
  },
  attachments,
});

const header = (i: number, size: number): WebhookAttachmentHeader => ({
  filename: `file-${i}.bin`,
  contentType: 'application/octet-stream',
  contentId: null,
  inline: false,
  size,
  sha256: 'x'.repeat(64),
});

/** What the body must be: the whole payload through JSON.stringify, as docs/webhook.md says. */
function wholePayload(attachments: WebhookAttachmentHeader[], contents: Buffer[]): string {
  const { attachments: _, ...rest } = envelope(attachments);
  return JSON.stringify({
    ...rest,
    attachments: attachments.map((meta, i) => ({ ...meta, contentBase64: contents[i]?.toString('base64') })),
  });
}

const bytes = (size: number, seed: number): Buffer =>
  Buffer.from(Array.from({ length: size }, (_, i) => (i * 31 + seed) % 256));

test('the streamed body is byte for byte the payload through JSON.stringify, and its length and signature match', () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.oneof(
          fc.integer({ min: 0, max: 5 }),
          fc.integer({ min: 49_150, max: 49_160 }),
          fc.integer({ min: 0, max: 200_000 }),
        ),
        { maxLength: 4 },
      ),
      (sizes) => {
        const contents = sizes.map((size, i) => bytes(size, i));
        const headers = sizes.map((size, i) => header(i, size));
        const body = new WebhookBody(envelope(headers), contents);
        const sent = Buffer.concat([...body.chunks()]);
        const expected = wholePayload(headers, contents);
        expect(sent.toString('utf8')).toBe(expected);
        expect(body.length).toBe(Buffer.byteLength(expected));
        expect(body.signature('secret', 1_700_000_000)).toBe(
          signWebhookBody('secret', 1_700_000_000, expected),
        );
      },
    ),
    { numRuns: 60 },
  );
});

test('a 10 MB attachment is sent in chunks of at most 64 KB, never as one string', () => {
  const content = bytes(10 * 1024 * 1024, 7);
  const body = new WebhookBody(envelope([header(0, content.length)]), [content]);
  const sizes = [...body.chunks()].map((chunk) => chunk.length);
  expect(Math.max(...sizes)).toBeLessThanOrEqual(64 * 1024);
  expect(sizes.reduce((a, b) => a + b, 0)).toBe(body.length);
});

test('the stream gives the same bytes again on every call, for a retry', async () => {
  const content = bytes(100_000, 3);
  const body = new WebhookBody(envelope([header(0, content.length)]), [content]);
  const read = async (): Promise<Buffer> => {
    const chunks: Buffer[] = [];
    for await (const chunk of body.stream()) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  };
  const first = await read();
  expect((await read()).equals(first)).toBe(true);
  expect(first.length).toBe(body.length);
});
