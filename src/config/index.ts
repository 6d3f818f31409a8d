export { ConfigError, type ConfigIssue, formatConfigIssue } from './config-error.js';
export type {
  DedupeConfig,
  LogLevel,
  PopdeskConfig,
  RedisConfig,
  ShutdownConfig,
  WorkerConfig,
} from './config-schema.js';
export { parseDuration } from './duration.js';
export type { ConfigEnv } from './env-overrides.js';
export type { HelpdeskConfig, WebhookHelpdeskConfig } from './helpdesk-schema.js';
export type { HttpConfig } from './http-schema.js';
export type { HygieneConfig } from './hygiene-schema.js';
export { type LoadConfigOptions, loadConfig } from './load-config.js';
export type { MailboxAuthConfig, TokenCacheConfig } from './mailbox-auth-schema.js';
export { MAILBOX_PROVIDERS, type MailboxProviderName } from './mailbox-providers.js';
export type { MailboxConfig } from './mailbox-schema.js';
export type { OutlookAppAuthConfig } from './outlook-app-auth-schema.js';
export { type ParseConfigInput, parseConfig, parseConfigObject } from './parse-config.js';
export type { ReadFile } from './read-value-file.js';
export { REDACTED, redactConfig } from './redact-config.js';
export { redactUrl } from './redact-url.js';
export type { RedisNode, RedisTarget } from './redis-schema.js';
export type { RoutingConfig, ThreadingConfig } from './routing-schema.js';
export { parseSize } from './size.js';
