import { spawn } from 'node:child_process';
import type { ChildScripts } from '../child-scripts.js';
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
    runInNamespace(name, context.scripts, input, context.log),
  );
}

/** Runs the compiled child in `name` and parses the entries it prints; its stderr is logged as it comes. */
function runInNamespace(
  name: string,
  scripts: ChildScripts,
  input: NamespaceScenarioInput,
  log: (line: string) => void,
): Promise<Pop3BenchEntry[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('ip', ['netns', 'exec', name, process.execPath, scripts.path(NAMESPACE_PROCESS)], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let partial = '';
    const lines: string[] = [];
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      const parts = (partial + text).split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) {
        // The last lines are kept for the error; all of them are logged.
        lines.push(line);
        if (lines.length > 20) lines.shift();
        log(line);
      }
    });
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (partial !== '') log(partial);
      if (code !== 0) {
        reject(
          new Error(
            `the scenario in namespace ${name} failed (${signal ?? `exit ${code}`}):\n${[...lines, partial].join('\n')}`,
          ),
        );
        return;
      }
      try {
        resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as Pop3BenchEntry[]);
      } catch (error) {
        reject(new Error(`the scenario in namespace ${name} printed no JSON result`, { cause: error }));
      }
    });
    child.stdin.end(JSON.stringify(input));
  });
}
