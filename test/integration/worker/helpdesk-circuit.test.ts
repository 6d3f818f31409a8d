import { Writable } from 'node:stream';
import { beforeEach, expect, test } from 'vitest';
import { HelpdeskError } from '../../../src/helpdesk/helpdesk-error.js';
import { createLogger } from '../../../src/observability/create-logger.js';
import { HelpdeskCircuitStore } from '../../../src/queue/helpdesk-circuit-store.js';
import { RedisKeys } from '../../../src/queue/redis-keys.js';
import { HelpdeskCircuit } from '../../../src/worker/helpdesk-circuit.js';
import { useRedis } from '../../support/use-redis.js';

const timings = { probeIntervalMs: 60_000, settleMs: 15_000, logIntervalMs: 300_000 };
const refused = new HelpdeskError('the webhook answered 401', { status: 401, retryable: false });

const redis = useRedis();
let clock: number;
let logs: string[];
let keyNumber = 0;

beforeEach(() => {
  clock = 1_000_000;
  logs = [];
  keyNumber += 1;
});

/** One worker process's view of the circuit; several share one Redis key, as processes do. */
function circuit(): HelpdeskCircuit {
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      callback();
    },
  });
  return new HelpdeskCircuit({
    store: new HelpdeskCircuitStore(redis(), new RedisKeys(`circuit-test-${keyNumber}`)),
    now: () => new Date(clock),
    logger: createLogger({ level: 'info', destination }),
    helpdesk: 'webhook',
    fix: 'check helpdesk.secret',
    timings,
  });
}

test('closed, every mail goes; refused, every mail is held until the next probe', async () => {
  const [a, b] = [circuit(), circuit()];
  expect(await a.holdUntil()).toBeUndefined();
  expect(await a.trip(refused)).toBe(1_060_000);
  clock += 1000;
  expect(await b.holdUntil()).toBe(1_060_000);
});

test('when the probe is due exactly one of the racing workers sends it; the rest wait for its answer', async () => {
  const workers = [circuit(), circuit(), circuit(), circuit()];
  await workers[0]!.trip(refused);
  clock = 1_060_000;
  const verdicts = await Promise.all(workers.map((worker) => worker.holdUntil()));
  expect(verdicts.filter((until) => until === undefined)).toHaveLength(1);
  expect(verdicts.filter((until) => until === 1_075_000)).toHaveLength(3);
});

test('a refused probe keeps the circuit open for another interval; a delivered one closes it', async () => {
  const worker = circuit();
  await worker.trip(refused);
  clock = 1_060_000;
  expect(await worker.holdUntil()).toBeUndefined();
  await worker.trip(refused);
  clock = 1_080_000;
  expect(await worker.holdUntil()).toBe(1_120_000);
  clock = 1_120_000;
  expect(await worker.holdUntil()).toBeUndefined();
  await worker.close();
  expect(await worker.holdUntil()).toBeUndefined();
  expect(logs.filter((line) => line.includes('delivery resumed'))).toHaveLength(1);
});

test('the error naming the helpdesk and the fix is logged once per log interval across all workers', async () => {
  const workers = [circuit(), circuit()];
  for (let minute = 0; minute < 11; minute += 1) {
    await Promise.all(workers.map((worker) => worker.trip(refused)));
    clock += 60_000;
  }
  const errors = logs.filter((line) => line.includes('"level":"error"'));
  // Minutes 0, 5 and 10.
  expect(errors).toHaveLength(3);
  expect(errors[0]).toContain('check helpdesk.secret');
  expect(errors[0]).toContain('"helpdesk":"webhook"');
});
