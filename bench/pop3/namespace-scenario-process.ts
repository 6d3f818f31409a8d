/**
 * Child-process entry, started with `ip netns exec` inside the delayed namespace: reads a
 * {@link NamespaceScenarioInput} as JSON on stdin, runs the fetch scenario there (Dovecot, popdesk
 * and mpop all inside, so every byte crosses the delayed loopback) and prints its entries as JSON.
 * Progress goes to stderr, which the parent passes on.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildScripts } from '../child-scripts.js';
import type { MpopAvailability } from './fetch-with-mpop.js';
import { runFetchScenario } from './run-fetch-scenario.js';
import type { FetchScenario } from './scenarios.js';

/** What the parent hands over. */
export interface NamespaceScenarioInput {
  readonly scenario: FetchScenario;
  readonly runs: number;
  readonly mpop: MpopAvailability;
}

// This file runs compiled, from the same output folder as the other child scripts.
const compiledRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const scripts: ChildScripts = {
  path: (entry) => join(compiledRoot, entry.replace(/\.ts$/, '.js')),
  // The parent compiled them and removes them.
  remove: async () => undefined,
};

const input = JSON.parse(readFileSync(0, 'utf8')) as NamespaceScenarioInput;
const entries = await runFetchScenario(input.scenario, {
  runs: input.runs,
  mpop: input.mpop,
  scripts,
  log: (line) => process.stderr.write(`${line}\n`),
  link: 'netns',
});
process.stdout.write(`${JSON.stringify(entries)}\n`);
