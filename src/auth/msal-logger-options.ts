import { type Configuration, LogLevel } from '@azure/msal-node';
import type { OAuthLogger } from './oauth-logger.js';

/** msal-node's logger settings (its `LoggerOptions`, which it does not export by name). */
type MsalLoggerOptions = NonNullable<NonNullable<Configuration['system']>['loggerOptions']>;

/**
 * MSAL's logger settings: its own warnings and errors go to `logger` with `logFields` and
 * `component: msal`; PII logging stays off.
 */
export function msalLoggerOptions(
  logger: OAuthLogger | undefined,
  logFields: object = {},
): MsalLoggerOptions {
  return {
    piiLoggingEnabled: false,
    logLevel: LogLevel.Warning,
    loggerCallback: (level, message) => {
      if (!logger) return;
      const fields = { ...logFields, component: 'msal' };
      if (level === LogLevel.Error) logger.error(fields, message);
      else logger.warn(fields, message);
    },
  };
}
