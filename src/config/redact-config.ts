import { isMapping } from './config-tree.js';
import { redactUrl } from './redact-url.js';
import { REDACTED } from './redacted.js';
import { isSecretKeyName } from './secret-key-name.js';

export { REDACTED };

/** Keys left out of the copy: `ca` is certificate text, a screenful of base64 in every log line. */
const OMITTED_KEYS = new Set(['ca']);

/**
 * Mappings whose every value is hidden, whatever its key: `helpdesk.headers` is documented as the
 * place for an API key, and a header's name does not say whether it carries one
 * (`X-Custom-Auth`, `X-Tenant`).
 */
const HIDDEN_VALUE_MAPPINGS = new Set(['headers']);

/** PEM text (a certificate, or worse a private key) under any key. */
const PEM = /-----BEGIN [A-Z ]+-----/;

/**
 * A copy of `config` that is safe to log. Hidden (`[redacted]`):
 * - the value of every key named like a secret (`password`, `secret`, `token`, `apiKey`, ...);
 *   paths such as `passwordFile` stay visible;
 * - every value of a `headers` mapping;
 * - in every URL, the password of its userinfo (a userinfo without one, which is how a token is
 *   put in a URL, whole), and every value of its query and fragment: a webhook URL's `?code=` or
 *   `?sig=` is a credential (`https://h.example/t?code=[redacted]`);
 * - PEM text anywhere.
 *
 * Left out: `ca`, the CA certificate read from `caFile` (whose path stays).
 */
export function redactConfig(config: unknown): unknown {
  return redact(config, undefined);
}

function redact(value: unknown, key: string | undefined): unknown {
  if (Array.isArray(value)) return value.map((item: unknown) => redact(item, undefined));
  if (isMapping(value)) {
    const hideValues = key !== undefined && HIDDEN_VALUE_MAPPINGS.has(key);
    return Object.fromEntries(
      Object.entries(value)
        .filter(([name]) => !OMITTED_KEYS.has(name))
        .map(([name, child]) => [name, hideValues ? hidden(child) : redact(child, name)]),
    );
  }
  if (value === undefined || value === null) return value;
  if (key !== undefined && isSecretKeyName(key)) return REDACTED;
  if (typeof value !== 'string') return value;
  return PEM.test(value) ? REDACTED : redactUrl(value);
}

/** A value shown only as being there. */
function hidden(value: unknown): unknown {
  return value === undefined || value === null ? value : REDACTED;
}
