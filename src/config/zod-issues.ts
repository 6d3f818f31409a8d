import type { z } from 'zod';
import { closestName } from './closest-name.js';
import type { TreePath } from './config-tree.js';
import type { IssueCollector, ShowValue } from './issue-collector.js';
import { keyNamesUnder, type SettingKey } from './setting-keys.js';

/**
 * Adds zod's validation issues to `collector`. An unknown key becomes one issue per key, at the
 * key itself, with the closest known key suggested, since most unknown keys are typos.
 */
export function collectZodIssues(
  issues: readonly z.core.$ZodIssue[],
  collector: IssueCollector,
  keys: readonly SettingKey[],
): void {
  for (const issue of issues) {
    const path: TreePath = issue.path.map((segment) =>
      typeof segment === 'symbol' ? String(segment) : segment,
    );
    if (alreadyReported(collector, path)) continue;
    if (issue.code === 'unrecognized_keys') {
      const known = keyNamesUnder(keys, path);
      for (const name of issue.keys)
        collector.at([...path, name], unknownKeyMessage(name, known), { show: 'nothing' });
    } else if (issue.code === 'invalid_key') {
      collector.at(path, issue.issues[0]?.message ?? 'is not an allowed key', { show: 'nothing' });
    } else {
      collector.at(path, issue.message, { show: showFor(issue) });
    }
  }
}

// A value whose file (`secretFile`, a `_FILE` variable) could not be read is missing or stale;
// saying so again would only repeat the read error.
function alreadyReported(collector: IssueCollector, path: TreePath): boolean {
  const last = path.at(-1);
  const fileSibling = typeof last === 'string' ? [...path.slice(0, -1), `${last}File`] : undefined;
  return collector.hasIssueAt(path) || (fileSibling !== undefined && collector.hasIssueAt(fileSibling));
}

function showFor(issue: z.core.$ZodIssue): ShowValue {
  if (issue.code === 'invalid_type') return 'value-or-kind';
  return issue.code === 'custom' && issue.params?.show === 'nothing' ? 'nothing' : 'value';
}

function unknownKeyMessage(name: string, known: readonly string[]): string {
  // Known to another member of a union (helpdesk.type), but not to the one chosen.
  if (known.includes(name)) return 'is not a key of this type (the `type` chosen decides which keys apply)';
  const suggestion = closestName(name, known);
  if (suggestion !== undefined) return `unknown key (did you mean ${suggestion}?)`;
  return known.length === 0 ? 'unknown key' : `unknown key; known keys here: ${known.join(', ')}`;
}
