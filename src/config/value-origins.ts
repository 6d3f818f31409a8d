import { pathKey, type TreePath } from './config-tree.js';

/** Where a value came from, when not written in the config file itself. */
export interface ValueOrigin {
  /** Shown next to the key in error messages: `from POPDESK_REDIS_URL`, `read from /run/secrets/x`. */
  readonly label: string;
  /** True when the value must never be shown, because it was read from a file or names a secret. */
  readonly secret: boolean;
}

/** Records which values came from environment variables or files, keyed by tree path. */
export class ValueOrigins {
  private readonly byPath = new Map<string, ValueOrigin>();

  set(path: TreePath, origin: ValueOrigin): void {
    this.byPath.set(pathKey(path), origin);
  }

  get(path: TreePath): ValueOrigin | undefined {
    return this.byPath.get(pathKey(path));
  }
}
