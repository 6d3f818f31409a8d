import { z } from 'zod';
import type { TreePath } from './config-tree.js';

/** How text from an environment variable becomes the value a key expects. */
export type SettingKind = 'string' | 'number' | 'boolean' | 'json';

/** One key that holds a value. In `path`, `*` stands for any list item. */
export interface SettingKey {
  readonly path: readonly string[];
  readonly kind: SettingKind;
}

/**
 * Lists every value-holding key of a schema by walking it, so environment overrides and
 * "did you mean" hints always match the schema. Union members contribute all their keys.
 */
export function listSettingKeys(schema: z.core.$ZodType): SettingKey[] {
  const found = new Map<string, SettingKey>();
  walk(schema, [], found);
  return [...found.values()];
}

/** The key names allowed directly under `path` (list indices match `*`). */
export function keyNamesUnder(keys: readonly SettingKey[], path: TreePath): string[] {
  const pattern = path.map((segment) => (typeof segment === 'number' ? '*' : segment));
  const names = new Set<string>();
  for (const key of keys) {
    const next = key.path[pattern.length];
    if (
      next !== undefined &&
      next !== '*' &&
      pattern.every((segment, index) => key.path[index] === segment)
    ) {
      names.add(next);
    }
  }
  return [...names];
}

function walk(schema: z.core.$ZodType, path: readonly string[], found: Map<string, SettingKey>): void {
  if (schema instanceof z.ZodObject) {
    for (const [name, child] of Object.entries(schema.shape)) walk(child, [...path, name], found);
  } else if (
    schema instanceof z.ZodOptional ||
    schema instanceof z.ZodDefault ||
    schema instanceof z.ZodPrefault ||
    schema instanceof z.ZodNullable
  ) {
    walk(schema.unwrap(), path, found);
  } else if (schema instanceof z.ZodPipe) {
    // A preprocess step is a transform in front; the shape is in what follows it.
    walk(schema.in instanceof z.ZodTransform ? schema.out : schema.in, path, found);
  } else if (schema instanceof z.ZodUnion) {
    for (const option of schema.options) walk(option, path, found);
  } else if (schema instanceof z.ZodArray) {
    walk(schema.element, [...path, '*'], found);
  } else {
    add(found, path, leafKind(schema));
  }
}

function leafKind(schema: z.core.$ZodType): SettingKind {
  if (schema instanceof z.ZodNumber) return 'number';
  if (schema instanceof z.ZodBoolean) return 'boolean';
  if (schema instanceof z.ZodRecord) return 'json';
  return 'string';
}

function add(found: Map<string, SettingKey>, path: readonly string[], kind: SettingKind): void {
  const id = path.join('.');
  const existing = found.get(id);
  // A key that is a number in one union member and text in another (a size) stays text.
  found.set(id, { path, kind: existing === undefined || existing.kind === kind ? kind : 'string' });
}
