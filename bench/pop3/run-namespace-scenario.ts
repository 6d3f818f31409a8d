import { runJsonChild } from '../child-scripts.js';
import type { Pop3BenchEntry } from './bench-entry.js';
import { locateLatencyNamespace, withLatencyNamespace } from './latency-namespace.js';
import type { NamespaceScenarioInput } from './namespace-scenario-process.js';
import type { FetchRunContext } from './run-fetch-scenario.js';
import type { FetchScenario } from './scenarios.js';

const NAMESPACE_PROCESS = 'bench/pop3/namespace-scenario-process.ts';

/**
 * Runs a scenario over the `netns` link: a network namespace delays every TCP packet by the
 * scenario's one-way delay, and the whole scenario (Dovecot, both clients) runs inside it in a
 * child process. Where the namespace cannot be made (not root, a package missing), both tools'
 * entries say why instead.
 */
export async function runNamespaceScenario(
  scenario: FetchScenario,
  context: FetchRunContext,
): Promise<Pop3BenchEntry[]> {
  const namespace = locateLatencyNamespace();
  if (!namespace.available) {
    context.log(`${scenario.name} (netns) is skipped: ${namespace.reason}`);
    return (['popdesk', 'mpop'] as const).map((tool) => ({
      scenario: scenario.name,
      tool,
      link: 'netns' as const,
      skipped: namespace.reason,
    }));
  }
  const input: NamespaceScenarioInput = { scenario, runs: context.runs, mpop: context.mpop };
  return withLatencyNamespace(scenario.oneWayDelayMs, context.log, (name) =>
    runJsonChild<Pop3BenchEntry[]>(context.scripts.path(NAMESPACE_PROCESS), input, {
      wrapper: ['ip', 'netns', 'exec', name],
      log: context.log,
    }),
  );
}
