import type { PopdeskConfig } from '../config/index.js';
import { chooseLogFormat, type LogFormat } from '../observability/choose-log-format.js';
import { createLogger, type Logger } from '../observability/create-logger.js';

/**
 * The root logger of a CLI command: `log.level`, and the format `--log-format` (`flag`) or
 * `log.format` asks for, pretty by default when stdout is a terminal.
 */
export function commandLogger(log: PopdeskConfig['log'], flag: LogFormat | undefined): Logger {
  const format = chooseLogFormat({
    flag,
    setting: log.format,
    stdoutIsTerminal: process.stdout.isTTY === true,
  });
  return createLogger({ level: log.level, format });
}
