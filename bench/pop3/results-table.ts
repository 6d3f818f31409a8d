import { formatTextTable, type TextColumn } from '../text-table.js';
import type { FetchEntry, Pop3BenchEntry, StreamRssEntry } from './bench-entry.js';
import { FETCH_SCENARIOS, STREAM_RSS_SCENARIO } from './scenarios.js';

const COLUMNS: readonly TextColumn[] = [
  { title: 'scenario', align: 'left' },
  { title: 'tool', align: 'left' },
  { title: 'link', align: 'left' },
  { title: 'messages', align: 'right' },
  { title: 'MB', align: 'right' },
  { title: 'seconds (median)', align: 'right' },
  { title: 'msgs/s', align: 'right' },
  { title: 'popdesk/mpop', align: 'right' },
  { title: 'target', align: 'left' },
  { title: 'all runs (s)', align: 'left' },
];

/**
 * The results as a table, popdesk's row of each scenario carrying the ratio of its msgs/s to
 * mpop's and whether that meets the scenario's target.
 */
export function formatPop3Results(entries: readonly Pop3BenchEntry[]): string {
  const rows: string[][] = [];
  for (const entry of entries) {
    if ('peakRssMb' in entry) rows.push(rssRow(entry));
    // The reason goes last, where its length widens no other column.
    else if ('skipped' in entry)
      rows.push([
        entry.scenario,
        toolName(entry),
        entry.link ?? '',
        '',
        '',
        '',
        '',
        '',
        '',
        `skipped: ${entry.skipped}`,
      ]);
    else rows.push(fetchRow(entry, entries));
  }
  return formatTextTable(COLUMNS, rows);
}

function fetchRow(entry: FetchEntry, entries: readonly Pop3BenchEntry[]): string[] {
  let ratio = '';
  let target = '';
  if (entry.tool === 'popdesk') {
    // Against mpop's fastest setting where several were run, over the same link.
    const mpop = entries
      .filter(
        (other): other is FetchEntry =>
          other.scenario === entry.scenario &&
          other.tool === 'mpop' &&
          'msgsPerSec' in other &&
          other.link === entry.link,
      )
      .sort((a, b) => b.msgsPerSec - a.msgsPerSec)[0];
    const goal = FETCH_SCENARIOS.find((scenario) => scenario.name === entry.scenario)?.targetRatio;
    if (mpop !== undefined) {
      const value = entry.msgsPerSec / mpop.msgsPerSec;
      ratio = `${value.toFixed(2)}x`;
      if (goal !== undefined) target = `>= ${goal.toFixed(2)}x: ${value >= goal ? 'met' : 'MISSED'}`;
    }
  }
  return [
    entry.scenario,
    toolName(entry),
    entry.link ?? '',
    String(entry.messages),
    (entry.bytes / 1e6).toFixed(1),
    entry.seconds.toFixed(3),
    entry.msgsPerSec.toFixed(1),
    ratio,
    target,
    entry.runSeconds.map((seconds) => seconds.toFixed(3)).join(' '),
  ];
}

function rssRow(entry: StreamRssEntry): string[] {
  const goal = STREAM_RSS_SCENARIO.targetPeakRssMb;
  return [
    entry.scenario,
    toolName(entry),
    '',
    String(entry.messages),
    (entry.bytes / 1e6).toFixed(1),
    entry.seconds.toFixed(3),
    '',
    `peak RSS ${entry.peakRssMb.toFixed(1)} MiB (Node baseline ${entry.baselineRssMb.toFixed(1)})`,
    `< ${goal} MiB: ${entry.peakRssMb < goal ? 'met' : 'MISSED'}`,
    `peaks (MiB): ${entry.runPeakRssMb.map((peak) => peak.toFixed(1)).join(' ')}`,
  ];
}

/** The tool, with its pipelining setting where the scenario compares them (`popdesk probe`). */
function toolName(entry: { readonly tool: string; readonly mode?: string }): string {
  return entry.mode === undefined ? entry.tool : `${entry.tool} ${entry.mode}`;
}
