import { type DestinationStream, type LevelWithSilent, type Logger, pino } from 'pino';
import { REDACTED } from '../config/index.js';
import { escapeTerminalControls } from './escape-terminal-controls.js';

/**
 * Paths pino blanks out wherever they appear in a log line. Secrets are not meant to reach a
 * logger at all; this is the net under that rule (a config object or an HTTP error logged whole).
 */
const REDACTED_PATHS = [
  'password',
  'secret',
  'token',
  'accessToken',
  'refreshToken',
  'authorization',
  'clientSecret',
  '*.password',
  '*.secret',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.authorization',
  '*.Authorization',
  '*.clientSecret',
  'headers.authorization',
  'headers.Authorization',
  'config.headers.Authorization',
  'err.config.headers.Authorization',
  'err.config.auth',
];

/** Options for {@link createLogger}. */
export interface CreateLoggerOptions {
  readonly level: LevelWithSilent;
  /** Where JSON lines go; stdout when omitted. Tests pass a stream and read the lines back. */
  readonly destination?: DestinationStream;
}

/**
 * The one root logger of a popdesk process: JSON lines, secrets redacted, nothing a terminal
 * would act on ({@link escapeTerminalControls}). Each module gets
 * `logger.child({ component })`, and each mail's lines carry `mailbox` and `messageId`.
 */
export function createLogger(options: CreateLoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'popdesk' },
      redact: { paths: REDACTED_PATHS, censor: REDACTED },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      hooks: { streamWrite: escapeTerminalControls },
    },
    options.destination,
  );
}

export type { Logger };
