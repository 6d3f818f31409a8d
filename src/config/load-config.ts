import { ConfigError } from './config-error.js';
import type { PopdeskConfig } from './config-schema.js';
import { CONFIG_PATH_VARIABLE } from './env-variable-names.js';
import { parseConfig } from './parse-config.js';
import { readFailureReason, readFileFromDisk } from './read-value-file.js';

/** Where to find the config file. */
export interface LoadConfigOptions {
  /** The YAML file (the CLI's `--config`); default `POPDESK_CONFIG`; with neither, env only. */
  readonly path?: string;
  /**
   * Whether this process polls mailboxes and so needs their `passwordFile`s and `caFile`s read
   * and a password for each password login. Default true; false for `start --role worker` and
   * the commands that only read Redis.
   */
  readonly mailboxSecrets?: boolean;
}

/**
 * Loads the configuration for this process: the YAML file at `options.path` (else
 * `POPDESK_CONFIG`), overridden by `POPDESK_*` environment variables. The one place in popdesk
 * that reads `process.env`.
 *
 * @throws ConfigError listing every problem found, including an unreadable config file.
 */
export function loadConfig(options: LoadConfigOptions = {}): PopdeskConfig {
  const env = process.env;
  const fromEnv = env[CONFIG_PATH_VARIABLE];
  const path = options.path ?? (fromEnv === '' ? undefined : fromEnv);
  // parseConfig applies the default (true).
  const { mailboxSecrets } = options;
  if (path === undefined) return parseConfig({ env, readFile: readFileFromDisk, mailboxSecrets });
  let yamlText: string;
  try {
    yamlText = readFileFromDisk(path);
  } catch (error) {
    const source = options.path === undefined ? { source: `from ${CONFIG_PATH_VARIABLE}` } : {};
    const issue = {
      key: 'config file',
      ...source,
      message: `cannot read ${path}: ${readFailureReason(error)}`,
    };
    throw new ConfigError([issue], { sourceName: path, cause: error });
  }
  return parseConfig({ yamlText, sourceName: path, env, readFile: readFileFromDisk, mailboxSecrets });
}
