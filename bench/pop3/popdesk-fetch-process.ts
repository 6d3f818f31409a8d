/**
 * Child-process entry: reads a {@link Pop3Target} as JSON on stdin, runs one timed popdesk fetch
 * session and prints its {@link FetchOutcome} as JSON. A process of its own, like mpop, so the
 * client shares neither its event loop with the latency proxy nor its heap with the corpus.
 */
import { readFileSync } from 'node:fs';
import { fetchWithPopdesk } from './fetch-with-popdesk.js';
import type { Pop3Target } from './pop3-target.js';

const target = JSON.parse(readFileSync(0, 'utf8')) as Pop3Target;
const outcome = await fetchWithPopdesk(target);
process.stdout.write(`${JSON.stringify(outcome)}\n`);
