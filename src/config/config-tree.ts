/** A key path into the configuration tree: property names and list indices. */
export type TreePath = readonly (string | number)[];

/** A YAML mapping (or a plain object built in code), before validation. */
export type Mapping = Record<string, unknown>;

/** True for a mapping: an object that is neither null nor a list. */
export function isMapping(value: unknown): value is Mapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Copies the mappings and lists of a raw tree, so later stages can change it in place. */
export function cloneTree(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cloneTree);
  if (isMapping(value)) {
    // fromEntries defines own properties, so a `__proto__` key stays a plain key.
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, cloneTree(child)]));
  }
  return value;
}

/** The value at `path`, or undefined when any step of it is missing. */
export function getAt(root: unknown, path: TreePath): unknown {
  let node = root;
  for (const segment of path) {
    if (typeof segment === 'number') {
      if (!Array.isArray(node)) return undefined;
      node = node[segment];
    } else {
      if (!isMapping(node) || !Object.hasOwn(node, segment)) return undefined;
      node = node[segment];
    }
  }
  return node;
}

/** A string that identifies `path` as a map key. */
export function pathKey(path: TreePath): string {
  return JSON.stringify(path);
}
