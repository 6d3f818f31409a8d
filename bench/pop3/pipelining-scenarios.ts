import type { PipeliningMode } from '../../src/pop3/index.js';
import type { CorpusSpec } from './mail-corpus.js';
import type { ServerBehaviour } from './pipelining-proxy.js';
import { SMALL } from './scenarios.js';

/** One comparison of pipelining settings against a server that does not advertise PIPELINING. */
export interface PipeliningScenario {
  readonly name: string;
  readonly corpus: CorpusSpec;
  /** Delay the latency proxy adds each way. */
  readonly oneWayDelayMs: number;
  readonly behaviour: ServerBehaviour;
}

/** A client and its pipelining setting. */
export type Contestant =
  | { readonly tool: 'popdesk'; readonly mode: PipeliningMode }
  | { readonly tool: 'mpop'; readonly mode: 'auto' | 'on' };

/**
 * popdesk's three settings, and mpop's two that differ here: `auto` (lock-step, since CAPA does
 * not list PIPELINING) and `on` (pipelines regardless, which is what `probe` tries to earn).
 */
export const CONTESTANTS: readonly Contestant[] = [
  { tool: 'popdesk', mode: 'auto' },
  { tool: 'popdesk', mode: 'off' },
  { tool: 'popdesk', mode: 'probe' },
  { tool: 'mpop', mode: 'auto' },
  { tool: 'mpop', mode: 'on' },
];

/**
 * 100 small mails at 50 ms RTT: lock-step costs 2 round trips per mail (about 10 s), so 100
 * keeps a full comparison of five contestants within minutes; 500 would take 50 s per
 * lock-step session.
 */
export const PIPELINING_SCENARIOS: readonly PipeliningScenario[] = [
  {
    name: 'small-100-rtt50-hides-pipelining',
    corpus: { seed: 100, messages: 100, shapes: SMALL },
    oneWayDelayMs: 25,
    behaviour: 'hides-pipelining',
  },
  {
    name: 'small-100-rtt50-drops-pipelined',
    corpus: { seed: 100, messages: 100, shapes: SMALL },
    oneWayDelayMs: 25,
    behaviour: 'drops-pipelined',
  },
];
