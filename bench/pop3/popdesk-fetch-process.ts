/**
 * Child-process entry: reads a {@link Pop3Target} as JSON on stdin (with `pipelining`, a
 * {@link PipeliningMode}, beside its fields), runs one timed popdesk fetch session and prints
 * its {@link FetchOutcome} as JSON. A process of its own, like mpop, so the
 * client shares neither its event loop with the latency proxy nor its heap with the corpus.
 */
import { readFileSync } from 'node:fs';
import type { PipeliningMode } from '../../src/pop3/index.js';
import { fetchWithPopdesk } from './fetch-with-popdesk.js';
import type { Pop3Target } from './pop3-target.js';

const input = JSON.parse(readFileSync(0, 'utf8')) as Pop3Target & { pipelining?: PipeliningMode };
const outcome = await fetchWithPopdesk(input, input.pipelining);
process.stdout.write(`${JSON.stringify(outcome)}\n`);
