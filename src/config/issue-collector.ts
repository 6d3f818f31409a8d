import type { ConfigIssue } from './config-error.js';
import { getAt, isMapping, pathKey, type TreePath } from './config-tree.js';
import { displayPath } from './display-path.js';
import { isSecretKeyName } from './secret-key-name.js';
import type { ValueOrigins } from './value-origins.js';

/** Keys whose values are never shown: URLs may hold credentials (`redis://:pw@host`), a CA is long. */
const UNSHOWN_KEYS = new Set(['url', 'ca']);
const MAX_SHOWN_LENGTH = 60;

/** How much of an offending value an issue shows. */
export type ShowValue = 'value' | 'value-or-kind' | 'nothing';

/**
 * Gathers the problems of one parse and phrases them for people: the key as a path into the
 * user's file, where the value came from, and the offending value when it is safe to show.
 */
export class IssueCollector {
  readonly issues: ConfigIssue[] = [];
  private readonly reportedPaths = new Set<string>();

  constructor(
    private readonly tree: unknown,
    private readonly origins: ValueOrigins,
  ) {}

  /**
   * A problem with the value at `path`. `show` decides what of the value is appended:
   * `value` (the default) appends it when safe (`(got 99999)`); `value-or-kind` falls back to
   * its kind (`(got a number)`), for type errors; `nothing` appends nothing. `source` names
   * where the value came from when the recorded origin does not apply.
   */
  at(path: TreePath, message: string, options: { show?: ShowValue; source?: string } = {}): void {
    const origin = this.origins.get(path);
    const show = options.show ?? 'value';
    const shown = show === 'nothing' ? undefined : this.describeValue(path, origin?.secret === true, show);
    const source = options.source ?? origin?.label;
    this.reportedPaths.add(pathKey(path));
    this.issues.push({
      key: displayPath(this.tree, path),
      ...(source === undefined ? {} : { source }),
      message: shown === undefined ? message : `${message} (got ${shown})`,
    });
  }

  /** True when a problem was already reported for the value at `path`. */
  hasIssueAt(path: TreePath): boolean {
    return this.reportedPaths.has(pathKey(path));
  }

  /** A problem not tied to a key in the tree: an environment variable, a YAML position. */
  named(key: string, message: string): void {
    this.issues.push({ key, message });
  }

  private describeValue(path: TreePath, fromSecretSource: boolean, show: ShowValue): string | undefined {
    const value = getAt(this.tree, path);
    if (value === undefined || value === null) return undefined;
    const hidden = fromSecretSource || isUnshownPath(path);
    if (!hidden) {
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      if (typeof value === 'string' && value.length <= MAX_SHOWN_LENGTH && !/[\r\n]/.test(value)) {
        return JSON.stringify(value);
      }
    }
    if (show !== 'value-or-kind' || typeof value === 'string') return undefined;
    if (Array.isArray(value)) return 'a list';
    if (isMapping(value)) return 'a mapping';
    return `a ${typeof value}`;
  }
}

// Only the value's own key decides (`tokenCache.type` is no secret), except that any header may be one.
function isUnshownPath(path: TreePath): boolean {
  const last = path.at(-1);
  if (path.includes('headers')) return true;
  return typeof last === 'string' && (UNSHOWN_KEYS.has(last) || isSecretKeyName(last));
}
