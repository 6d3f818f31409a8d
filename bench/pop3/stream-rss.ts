/**
 * Child-process entry: reads a {@link Pop3Target} whose mailbox holds one large message, streams
 * it with `retrieveStream` (dropping every chunk), deletes it, quits, and prints a
 * {@link StreamRssResult} as JSON. The process does nothing else, so its peak resident set is
 * Node's baseline plus what the client needs to stream the message.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Pop3Client, sizeLimitFromList } from '../../src/pop3/index.js';
import { peakRssKb } from '../peak-rss.js';
import { CERTIFICATE_NAME, type Pop3Target } from './pop3-target.js';
import type { StreamRssResult } from './stream-rss-result.js';

const target = JSON.parse(readFileSync(0, 'utf8')) as Pop3Target;
const baselineRssKb = peakRssKb();
const started = performance.now();
const client = await Pop3Client.connect({
  host: target.host,
  port: target.port,
  tls: 'implicit',
  ca: target.certificate,
  servername: CERTIFICATE_NAME,
});
await client.login({ mechanism: 'user', username: target.username, password: target.password });
const sizes = await client.list();
const size = sizes.get(1);
if (sizes.size !== 1 || size === undefined) {
  throw new Error(`expected one message, the server lists ${sizes.size}`);
}
let bytes = 0;
for await (const chunk of client.retrieveStream(1, { maxBytes: sizeLimitFromList(size) })) {
  bytes += (chunk as Buffer).length;
}
await client.dele(1);
await client.quit();
const result: StreamRssResult = {
  bytes,
  seconds: (performance.now() - started) / 1000,
  baselineRssKb,
  peakRssKb: peakRssKb(),
};
process.stdout.write(`${JSON.stringify(result)}\n`);
