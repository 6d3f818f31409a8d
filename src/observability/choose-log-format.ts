/** How log lines are written: one JSON object per line, or pino-pretty's text for a person. */
export type LogFormat = 'json' | 'pretty';

/** The `log.format` setting: `auto` picks by whether stdout is a terminal. */
export type LogFormatSetting = 'auto' | LogFormat;

/** What {@link chooseLogFormat} decides from. */
export interface LogFormatChoice {
  /** The command line's `--log-format`, when given; it wins over the config. */
  readonly flag?: LogFormat | undefined;
  /** The config's `log.format`. */
  readonly setting: LogFormatSetting;
  /** Whether stdout is a terminal (a person is reading) rather than a pipe, file or journal. */
  readonly stdoutIsTerminal: boolean;
}

/**
 * The log format of this process: `--log-format` if given, else `log.format`, where `auto`
 * means pretty on a terminal and JSON everywhere else (systemd's journal, docker logs, a pipe
 * to a log shipper), so machines keep getting one parsable object per line.
 */
export function chooseLogFormat(choice: LogFormatChoice): LogFormat {
  const wanted = choice.flag ?? choice.setting;
  if (wanted !== 'auto') return wanted;
  return choice.stdoutIsTerminal ? 'pretty' : 'json';
}
