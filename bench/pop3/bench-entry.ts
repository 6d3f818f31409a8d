/** The clients compared. */
export type Pop3Tool = 'popdesk' | 'mpop';

/**
 * How a scenario's round trip is made: `proxy`, a userland proxy that delays each chunk (an
 * idealised link); `netns`, real TCP in a network namespace whose loopback delays every packet
 * (slow start, windows and ACKs as on a long link).
 */
export type Pop3Link = 'proxy' | 'netns';

/** A fetch scenario's result for one tool: the median of its timed sessions. */
export interface FetchEntry {
  readonly scenario: string;
  readonly tool: Pop3Tool;
  /** The tool's pipelining setting, in the scenarios that compare them. */
  readonly mode?: string;
  /** How the round trip was made, in the scenarios that have one. */
  readonly link?: Pop3Link;
  readonly messages: number;
  readonly bytes: number;
  readonly seconds: number;
  readonly msgsPerSec: number;
  /** Every timed session, in the order they ran. */
  readonly runSeconds: readonly number[];
}

/** A tool that could not be measured, and why. */
export interface SkippedEntry {
  readonly scenario: string;
  readonly tool: Pop3Tool;
  readonly mode?: string;
  readonly link?: Pop3Link;
  readonly skipped: string;
}

/** Peak memory while streaming one large message. */
export interface StreamRssEntry {
  readonly scenario: string;
  readonly tool: 'popdesk';
  readonly messages: 1;
  readonly bytes: number;
  /** Median session time. */
  readonly seconds: number;
  /** The highest peak over all runs, in MiB. */
  readonly peakRssMb: number;
  /** Node plus the loaded modules before connecting, in MiB. */
  readonly baselineRssMb: number;
  readonly runPeakRssMb: readonly number[];
}

/** One element of `bench-results/pop3.json`. */
export type Pop3BenchEntry = FetchEntry | SkippedEntry | StreamRssEntry;

/** Builds the entry for a tool's timed sessions of one scenario. */
export function fetchEntry(
  scenario: string,
  tool: Pop3Tool,
  messages: number,
  bytes: number,
  runSeconds: readonly number[],
  seconds: number,
): FetchEntry {
  return { scenario, tool, messages, bytes, seconds, msgsPerSec: messages / seconds, runSeconds };
}
