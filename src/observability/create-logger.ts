import { type DestinationStream, type LevelWithSilent, type Logger, pino } from 'pino';
import PinoPretty from 'pino-pretty';
import { REDACTED } from '../config/index.js';
import type { LogFormat } from './choose-log-format.js';
import { escapeForPretty } from './escape-for-pretty.js';
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
  /** Where lines go; stdout when omitted. Tests pass a stream and read the lines back. */
  readonly destination?: DestinationStream;
  /** JSON lines (the default) or pino-pretty's text; see `chooseLogFormat`. */
  readonly format?: LogFormat;
  /** For `pretty`: colour the level and message. Default: whether stdout is a colour terminal. */
  readonly colorize?: boolean;
}

/**
 * The one root logger of a popdesk process: JSON lines or pretty text, secrets redacted in both,
 * nothing a terminal would act on ({@link escapeTerminalControls}, {@link escapeForPretty}).
 * Each module gets `logger.child({ component })`, and each mail's lines carry `mailbox` and
 * `messageId`. Pretty text is formatted in this process (a stream, not a worker thread), so a
 * line is written before the process exits.
 */
export function createLogger(options: CreateLoggerOptions): Logger {
  const pretty = options.format === 'pretty';
  const destination = pretty
    ? PinoPretty({
        destination: options.destination ?? 1,
        sync: true,
        colorize: options.colorize ?? PinoPretty.isColorSupported,
        translateTime: 'SYS:HH:MM:ss.l',
        ignore: 'pid,hostname,service',
      })
    : options.destination;
  return pino(
    {
      level: options.level,
      base: { service: 'popdesk' },
      redact: { paths: REDACTED_PATHS, censor: REDACTED },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      hooks: { streamWrite: pretty ? escapeForPretty : escapeTerminalControls },
    },
    destination,
  );
}

export type { Logger };
