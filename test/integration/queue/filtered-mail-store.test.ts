import { randomBytes } from 'node:crypto';
import { expect, test } from 'vitest';
import { type FilteredMail, FilteredMailStore } from '../../../src/queue/filtered-mail-store.js';
import { RedisKeys } from '../../../src/queue/redis-keys.js';
import { useRedis } from '../../support/use-redis.js';

const redis = useRedis();
const DAY_SECONDS = 24 * 60 * 60;

/** Every byte value, a lone CR and an invalid UTF-8 sequence: none may be changed on the way. */
const binaryRaw = Buffer.concat([
  Buffer.from('From: MAILER-DAEMON@mx.example.net\r\nSubject: Undelivered\r\n\r\n', 'latin1'),
  Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
  Buffer.from([0x0d, 0xc3, 0x28, 0xff, 0xfe]),
]);

function filtered(id: string, filteredAt: Date, overrides: Partial<FilteredMail> = {}): FilteredMail {
  return {
    id,
    mailboxId: 'support',
    class: 'bounce',
    reason: 'bounce',
    signals: [
      'From: MAILER-DAEMON@mx.example.net',
      'Content-Type: multipart/report; report-type=delivery-status',
    ],
    detail: 'a delivery report naming no ticket',
    filteredAt: filteredAt.toISOString(),
    subject: 'Undelivered Mail Returned to Sender',
    from: 'MAILER-DAEMON@mx.example.net',
    raw: binaryRaw,
    ...overrides,
  };
}

function storeAt(now: Date, retentionSeconds = 30 * DAY_SECONDS) {
  const keys = new RedisKeys(`fms${randomBytes(4).toString('hex')}`);
  return { keys, store: new FilteredMailStore(redis(), keys, retentionSeconds, () => now) };
}

test('a filtered mail reads back as written, its raw mail byte for byte, signals in order', async () => {
  const now = new Date('2026-12-01T10:00:00Z');
  const { store } = storeAt(now);
  const mail = filtered('m1', now, { messageId: '<dsn-1@mx.example.net>' });
  await store.add(mail);
  const read = await store.get('m1');
  expect(read).toEqual({ ...mail, raw: expect.any(Buffer) });
  expect(read?.raw.equals(binaryRaw)).toBe(true);
  expect(await store.get('m2')).toBeUndefined();
});

test('list is oldest first; writing the same id again replaces the mail, not adds one', async () => {
  const now = new Date('2026-12-01T10:00:00Z');
  const { store } = storeAt(now);
  await store.add(filtered('later', new Date('2026-12-01T09:00:00Z')));
  await store.add(filtered('earlier', new Date('2026-12-01T08:00:00Z'), { class: 'spam', reason: 'spam' }));
  await store.add(filtered('later', new Date('2026-12-01T09:30:00Z'), { subject: 'second write' }));
  expect(await store.list()).toEqual(['earlier', 'later']);
  expect(await store.count()).toBe(2);
  expect((await store.get('later'))?.subject).toBe('second write');
  expect((await store.get('earlier'))?.class).toBe('spam');
});

test('a mail is kept for the retention: its hash expires then, and the index forgets it', async () => {
  const now = new Date('2026-12-01T10:00:00Z');
  const { store, keys } = storeAt(now, 7 * DAY_SECONDS);
  await store.add(filtered('fresh', now));
  const ttl = await redis().ttl(keys.filtered('fresh'));
  expect(ttl).toBeGreaterThan(7 * DAY_SECONDS - 60);
  expect(ttl).toBeLessThanOrEqual(7 * DAY_SECONDS);

  // Filtered eight days ago: past the retention, so listing prunes its index entry.
  await store.add(filtered('old', new Date(now.getTime() - 8 * DAY_SECONDS * 1000)));
  expect(await store.list()).toEqual(['fresh']);
  expect(await store.count()).toBe(1);
});

test('once the retention has passed, the mail is gone from get and list', async () => {
  const keys = new RedisKeys(`fms${randomBytes(4).toString('hex')}`);
  const store = new FilteredMailStore(redis(), keys, 1, () => new Date());
  await store.add(filtered('brief', new Date()));
  expect((await store.get('brief'))?.id).toBe('brief');
  await new Promise((resolve) => setTimeout(resolve, 2100));
  expect(await store.get('brief')).toBeUndefined();
  expect(await store.list()).toEqual([]);
  expect(await redis().exists(keys.filteredIndex())).toBe(0);
});

test('remove deletes the mail and its index entry, alone or inside a transaction; removing twice is harmless', async () => {
  const now = new Date('2026-12-01T10:00:00Z');
  const { store } = storeAt(now);
  await store.add(filtered('a', now));
  await store.add(filtered('b', now));
  await store.remove('a');
  await store.remove('a');
  const transaction = redis().multi();
  await store.remove('b', transaction);
  expect(await store.get('b')).toBeDefined();
  await transaction.exec();
  expect(await store.get('a')).toBeUndefined();
  expect(await store.get('b')).toBeUndefined();
  expect(await store.list()).toEqual([]);
});

test('add inside a transaction writes nothing until the transaction commits', async () => {
  const now = new Date('2026-12-01T10:00:00Z');
  const { store } = storeAt(now);
  const transaction = redis().multi();
  await store.add(filtered('queued', now), transaction);
  expect(await store.get('queued')).toBeUndefined();
  await transaction.exec();
  expect((await store.get('queued'))?.raw.equals(binaryRaw)).toBe(true);
  expect(await store.list()).toEqual(['queued']);
});
