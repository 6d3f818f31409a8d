import { isMapping } from './config-tree.js';
import { isSecretKeyName } from './secret-key-name.js';

/** What a hidden value is replaced with. */
export const REDACTED = '[redacted]';

const URL_PASSWORD = /^([a-z][a-z0-9+.-]*:\/\/[^/?#@:]*:)[^/?#@]+@/i;

/**
 * A copy of `config` that is safe to log: the value of every key named like a secret
 * (`password`, `secret`, `token`, an `Authorization` header, ...) becomes `[redacted]`, and so
 * does the password inside a URL (`redis://:[redacted]@host:6379`). Paths such as
 * `passwordFile` stay visible.
 */
export function redactConfig(config: unknown): unknown {
  return redact(config, undefined);
}

function redact(value: unknown, key: string | undefined): unknown {
  if (Array.isArray(value)) return value.map((item: unknown) => redact(item, undefined));
  if (isMapping(value)) {
    return Object.fromEntries(Object.entries(value).map(([name, child]) => [name, redact(child, name)]));
  }
  if (value === undefined || value === null) return value;
  if (key !== undefined && isSecretKeyName(key)) return REDACTED;
  return typeof value === 'string' ? value.replace(URL_PASSWORD, `$1${REDACTED}@`) : value;
}
