import type { z } from 'zod';
import { ConfigError } from './config-error.js';
import { configErrorMap } from './config-error-map.js';
import { configSchema, type PopdeskConfig } from './config-schema.js';
import { cloneTree, isMapping } from './config-tree.js';
import { applyEnvOverrides, type ConfigEnv } from './env-overrides.js';
import { CONFIG_PATH_VARIABLE } from './env-variable-names.js';
import { IssueCollector } from './issue-collector.js';
import { parseYaml } from './parse-yaml.js';
import { type ReadFile, readFileFromDisk } from './read-value-file.js';
import { requireMailboxPasswords } from './require-mailbox-passwords.js';
import { readSecretFiles } from './secret-files.js';
import { listSettingKeys } from './setting-keys.js';
import { ValueOrigins } from './value-origins.js';
import { collectZodIssues } from './zod-issues.js';

const SETTING_KEYS = listSettingKeys(configSchema);

const NO_FILE_MESSAGE = `required, and mailboxes can only be listed in a config file: pass its path with --config or ${CONFIG_PATH_VARIABLE}`;

/** Everything `parseConfig` reads; it touches nothing else. */
export interface ParseConfigInput {
  /** The YAML config file's text; absent when there is no file and the config comes from `env` alone. */
  readonly yamlText?: string;
  /** The file's name in messages; default `config`. */
  readonly sourceName?: string;
  /** Environment variables; `POPDESK_*` ones override the file. */
  readonly env: ConfigEnv;
  /** Reads `*File` keys and `_FILE` variables. */
  readonly readFile: ReadFile;
  /**
   * Whether this process polls mailboxes, and so needs their passwords and CA files. Default
   * true; false for a worker, which starts without mailbox secrets.
   */
  readonly mailboxSecrets?: boolean;
}

/**
 * Builds the configuration from YAML text and environment variables: variables override the
 * file, `*File` keys and `_FILE` variables are read, then everything is validated and defaults
 * filled. Pure given its inputs.
 *
 * @throws ConfigError listing every problem found.
 */
export function parseConfig(input: ParseConfigInput): PopdeskConfig {
  const hasFile = input.yamlText !== undefined;
  const sourceName = input.sourceName ?? (hasFile ? 'config' : undefined);
  const tree = input.yamlText === undefined ? {} : parseYaml(input.yamlText, sourceName ?? 'config');
  const mailboxSecrets = input.mailboxSecrets ?? true;
  return validate(tree, { env: input.env, readFile: input.readFile, sourceName, hasFile, mailboxSecrets });
}

/**
 * Builds the configuration from data made in code (what a YAML file would hold), e.g. for the
 * demo and tests. `value` is not changed. `*File` keys are read with `readFile`, by default from
 * disk; `env` is empty unless given, so `process.env` is never consulted here.
 *
 * @throws ConfigError listing every problem found.
 */
export function parseConfigObject(
  value: unknown,
  env: ConfigEnv = {},
  readFile: ReadFile = readFileFromDisk,
): PopdeskConfig {
  return validate(cloneTree(value), {
    env,
    readFile,
    sourceName: undefined,
    hasFile: true,
    mailboxSecrets: true,
  });
}

interface ValidateOptions {
  readonly env: ConfigEnv;
  readonly readFile: ReadFile;
  readonly sourceName: string | undefined;
  readonly hasFile: boolean;
  readonly mailboxSecrets: boolean;
}

function validate(root: unknown, options: ValidateOptions): PopdeskConfig {
  const { sourceName } = options;
  const tree = root ?? {};
  if (!isMapping(tree)) {
    const issue = {
      key: sourceName ?? '(top level)',
      message: 'must be a mapping of settings (redis, mailboxes, helpdesk, ...)',
    };
    throw new ConfigError([issue], { sourceName });
  }
  const origins = new ValueOrigins();
  const issues = new IssueCollector(tree, origins);
  applyEnvOverrides(tree, {
    env: options.env,
    readFile: options.readFile,
    keys: SETTING_KEYS,
    origins,
    issues,
  });
  readSecretFiles(tree, {
    readFile: options.readFile,
    origins,
    issues,
    mailboxSecrets: options.mailboxSecrets,
  });
  const result = configSchema.safeParse(tree, { error: configErrorMap });
  if (!result.success) {
    const zodIssues = options.hasFile ? result.error.issues : result.error.issues.map(explainMissingFile);
    collectZodIssues(zodIssues, issues, SETTING_KEYS);
  }
  if (options.mailboxSecrets) requireMailboxPasswords(tree, issues);
  if (result.success && issues.issues.length === 0) return result.data;
  throw new ConfigError(issues.issues, { sourceName });
}

function explainMissingFile(issue: z.core.$ZodIssue): z.core.$ZodIssue {
  const isMissingMailboxes =
    issue.code === 'invalid_type' && issue.path.length === 1 && issue.path[0] === 'mailboxes';
  return isMissingMailboxes ? { ...issue, message: NO_FILE_MESSAGE } : issue;
}
