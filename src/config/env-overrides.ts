import { closestName } from './closest-name.js';
import { getAt, isMapping, type Mapping } from './config-tree.js';
import { displayPath } from './display-path.js';
import {
  CONFIG_PATH_VARIABLE,
  ENV_PREFIX,
  type EnvTarget,
  envTargets,
  isMailboxIdVariable,
} from './env-variable-names.js';
import type { IssueCollector } from './issue-collector.js';
import { type ReadFile, readValueFile } from './read-value-file.js';
import { isSecretKeyName } from './secret-key-name.js';
import type { SettingKey, SettingKind } from './setting-keys.js';
import type { ValueOrigins } from './value-origins.js';

/** Suffix of a variable that names a file holding the value (the Docker secrets convention). */
const FILE_SUFFIX = '_FILE';

/** Environment variables, as in `process.env`. */
export type ConfigEnv = Readonly<Record<string, string | undefined>>;

/** What applying overrides needs besides the tree. */
export interface EnvOverrideContext {
  readonly env: ConfigEnv;
  readonly readFile: ReadFile;
  readonly keys: readonly SettingKey[];
  readonly origins: ValueOrigins;
  readonly issues: IssueCollector;
}

/**
 * Applies `POPDESK_*` variables (named as in `envTargets`) on top of the file's values, in
 * place, recording each as the value's origin. `NAME_FILE` gives a path to read the value from
 * instead; setting both is an error. A `POPDESK_` variable that matches no key is an
 * error, so a typo cannot go unnoticed.
 */
export function applyEnvOverrides(tree: Mapping, context: EnvOverrideContext): void {
  const { env, issues } = context;
  const targets = envTargets(tree, context.keys);
  const names = Object.keys(env)
    .filter((name) => name.startsWith(ENV_PREFIX) && name !== CONFIG_PATH_VARIABLE && env[name] !== undefined)
    .sort();
  for (const name of names) {
    const base = name.endsWith(FILE_SUFFIX) ? name.slice(0, -FILE_SUFFIX.length) : undefined;
    // The pair is reported once, under the plain name.
    if (base !== undefined && env[base] !== undefined) continue;
    if (env[name + FILE_SUFFIX] !== undefined) {
      issues.named(
        `${name}, ${name}${FILE_SUFFIX}`,
        `both are set; set only one of ${name} and ${name}${FILE_SUFFIX}`,
      );
      continue;
    }
    const text = env[name] ?? '';
    const direct = targets.get(name);
    const fromFile = base === undefined ? undefined : targets.get(base);
    if (direct !== undefined) {
      apply(tree, direct, name, { text }, context);
    } else if (fromFile !== undefined) {
      apply(tree, fromFile, name, { path: text }, context);
    } else if (isMailboxIdVariable(tree, name)) {
      issues.named(name, 'a mailbox id can only be changed in the config file');
    } else {
      issues.named(name, unknownVariableMessage(name, targets.keys()));
    }
  }
}

function apply(
  tree: Mapping,
  targets: readonly EnvTarget[],
  name: string,
  value: { text: string } | { path: string },
  context: EnvOverrideContext,
): void {
  const { issues, origins } = context;
  const [target, ...others] = targets;
  if (target === undefined) return;
  if (others.length > 0) {
    const where = targets.map((each) => displayPath(tree, each.path)).join(' and ');
    issues.named(
      name,
      `is ambiguous: it would set ${where}; give these mailboxes ids that differ in more than - and _`,
    );
    return;
  }
  let text: string;
  if ('path' in value) {
    const read = readValueFile(context.readFile, value.path);
    if (!read.ok) {
      issues.at(target.path, `cannot read ${value.path}: ${read.reason}`, {
        show: 'nothing',
        source: `from ${name}`,
      });
      return;
    }
    text = read.value;
  } else {
    text = value.text;
  }
  const last = target.path.at(-1);
  origins.set(target.path, {
    label: `from ${name}`,
    secret: 'path' in value || (typeof last === 'string' && isSecretKeyName(last)),
  });
  const coerced = coerce(text, target.kind);
  if (coerced.ok) setAt(tree, target, coerced.value, context);
  else issues.at(target.path, 'must be a JSON object such as {"X-Team": "support"}', { show: 'nothing' });
}

/** Numbers and booleans are converted only when well-formed; anything else stays text for the schema to refuse. */
function coerce(text: string, kind: SettingKind): { ok: true; value: unknown } | { ok: false } {
  const trimmed = text.trim();
  switch (kind) {
    case 'number':
      return { ok: true, value: /^[-+]?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : text };
    case 'boolean':
      return { ok: true, value: trimmed === 'true' ? true : trimmed === 'false' ? false : text };
    case 'json':
      try {
        return { ok: true, value: JSON.parse(text) };
      } catch {
        return { ok: false };
      }
    default:
      return { ok: true, value: text };
  }
}

function setAt(tree: Mapping, target: EnvTarget, value: unknown, context: EnvOverrideContext): void {
  const { path } = target;
  let node: unknown = tree;
  for (let depth = 0; depth < path.length - 1; depth++) {
    const segment = path[depth] ?? '';
    let child = getAt(node, [segment]);
    if (child === undefined && isMapping(node) && typeof segment === 'string') {
      child = {};
      node[segment] = child;
    }
    const fits = typeof path[depth + 1] === 'number' ? Array.isArray(child) : isMapping(child);
    if (!fits) {
      context.issues.at(
        path.slice(0, depth + 1),
        'must be a mapping to take values from environment variables',
        { show: 'value-or-kind' },
      );
      return;
    }
    node = child;
  }
  const key = path.at(-1);
  if (!isMapping(node) || typeof key !== 'string') return;
  node[key] = value;
  // The variable replaces the file's value in either form: `secret` and `secretFile` are one setting.
  const sibling = key.endsWith('File') ? key.slice(0, -'File'.length) : `${key}File`;
  const siblingPattern = [...path.slice(0, -1), sibling]
    .map((s) => (typeof s === 'number' ? '*' : s))
    .join('.');
  if (context.keys.some((each) => each.path.join('.') === siblingPattern)) delete node[sibling];
}

function unknownVariableMessage(name: string, known: Iterable<string>): string {
  const suggestion = closestName(name, known);
  if (suggestion !== undefined) return `is not a popdesk setting (did you mean ${suggestion}?)`;
  if (name.startsWith(`${ENV_PREFIX}MAILBOXES_`)) {
    return 'is not a popdesk setting: mailbox variables are POPDESK_MAILBOXES_<ID>_<KEY>, with <ID> a mailbox id from the config file in upper case and - written as _';
  }
  return `is not a popdesk setting (only ${CONFIG_PATH_VARIABLE} and the documented setting names may start with ${ENV_PREFIX})`;
}
