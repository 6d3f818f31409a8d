import { createRequire } from 'node:module';
import { Command, InvalidArgumentError, Option } from 'commander';
import { RedisConnectionError } from '../app/errors/redis-connection-error.js';
import { ConfigError, parseDuration } from '../config/index.js';
import { HttpListenError } from '../http/errors/http-listen-error.js';
import { type FilterReason, MAIL_CLASSES, type MailClass } from '../hygiene/mail-classification.js';
import type { LogFormat } from '../observability/choose-log-format.js';
import { DEAD_LETTER_REASONS } from '../queue/dead-letter-store.js';
import { RedisSetupError } from '../queue/redis-setup-error.js';
import type { CliOutput } from './cli-output.js';
import type { KeptMailRequest } from './commands/kept-mail-command.js';
import type { Role } from './commands/start.js';
import { terminalText } from './terminal-text.js';

/** Every line the CLI prints for a person; what it shows may come from a mail or a server. */
const print = (line: string): void => {
  process.stdout.write(`${terminalText(line, 'multi-line')}\n`);
};

/** An error for a person on stderr; its message may quote a server (a POP3 greeting, a helpdesk). */
const printError = (text: string): void => {
  process.stderr.write(`popdesk: ${terminalText(text, 'multi-line')}\n`);
};

/**
 * popdesk's version, from its package.json: two levels up from both `src/cli/` and `dist/cli/`,
 * and shipped in the image beside `dist/`.
 */
function popdeskVersion(): string {
  const manifest: unknown = createRequire(import.meta.url)('../../package.json');
  return typeof manifest === 'object' && manifest !== null && 'version' in manifest
    ? String(manifest.version)
    : 'unknown';
}

/**
 * The `popdesk` command line. Building it runs nothing; `parseAsync` does. Each command's module
 * is imported when that command runs, so a process loads only what its command uses: `status`
 * needs no mail parser, a poller no helpdesk client (see `npm run bench:pipeline`).
 */
export function buildProgram(): Command {
  const program = new Command('popdesk')
    .description('Turns a support mailbox into helpdesk tickets: POP3 in, Redis queue, helpdesk API out.')
    .version(popdeskVersion(), '-V, --version', 'print the version and exit')
    .showHelpAfterError()
    .addOption(
      new Option(
        '--log-format <format>',
        'log lines as json or pretty text (default: log.format, auto)',
      ).choices(LOG_FORMATS),
    );
  const configOption = new Option('-c, --config <file>', 'YAML config file (default: $POPDESK_CONFIG)');

  program
    .command('start')
    .description('poll on schedule and deliver mail until SIGTERM')
    .addOption(configOption)
    .addOption(
      new Option('--role <role>', 'what this process runs')
        .choices(['all', 'poller', 'worker'])
        .default('all'),
    )
    .action(async (options: { config?: string; role: Role }, command: Command) => {
      const { startCommand } = await import('./commands/start.js');
      await startCommand({ ...options, logFormat: logFormatOf(command) });
    });

  program
    .command('poll-once')
    .description(
      'poll every mailbox until empty, deliver what was fetched, exit 0 (1 if any mail became a dead letter, 3 if the deadline came first)',
    )
    .addOption(configOption)
    .option('--mailbox <id>', 'only this mailbox')
    .addOption(
      new Option(
        '--deadline <duration>',
        'longest wait for the fetched mail to be delivered, e.g. 10m (default: pollOnce.deadline, 30m)',
      ).argParser(durationOption),
    )
    .option('--dry-run', 'fetch without DELE and show what each waiting mail would become; writes nothing')
    .option('--json', 'with --dry-run: print one JSON document instead of a block per mail')
    .action(
      async (
        options: {
          config?: string;
          mailbox?: string;
          deadline?: number;
          dryRun?: boolean;
          json?: boolean;
        },
        command: Command,
      ) => {
        if (options.dryRun === true) {
          const { pollOnceDryRunCommand } = await import('./commands/poll-once-dry-run.js');
          process.exitCode = await pollOnceDryRunCommand(options, { print, error: printError });
          return;
        }
        const { pollOnceCommand } = await import('./commands/poll-once.js');
        process.exitCode = await pollOnceCommand({ ...options, logFormat: logFormatOf(command) });
      },
    );

  program
    .command('import')
    .description(
      'take in mbox files, Maildir folders and directories of .eml files as if fetched (de-duplicated); the workers deliver them',
    )
    .argument('<path...>', 'mbox file, Maildir folder, directory of .eml files, or .eml file')
    .addOption(configOption)
    .option('--wait', 'deliver the imported mail in this process and wait for every ticket')
    .addOption(
      new Option(
        '--deadline <duration>',
        'with --wait: longest wait, e.g. 30m (default: pollOnce.deadline)',
      ).argParser(durationOption),
    )
    .action(async (paths: string[], options: { config?: string; wait?: boolean; deadline?: number }) => {
      const { importCommand } = await import('./commands/import.js');
      process.exitCode = await importCommand({ paths, ...options }, { print, error: printError });
    });

  program
    .command('status')
    .description(
      "show each mailbox's last and next poll and sign-in, the queue, dead letters, filtered mail and the helpdesk circuit; exit 0 when all could be read",
    )
    .addOption(configOption)
    .option('--json', 'print one JSON object (documented in docs/status.md)')
    .action(async (options: { config?: string; json?: boolean }) => {
      const { statusCommand } = await import('./commands/status.js');
      process.exitCode = await statusCommand(options, { print, error: printError });
    });

  program
    .command('auth')
    .description('sign a mailbox in to its mail provider')
    .command('outlook')
    .description(
      'device-code sign-in for an Outlook.com / Microsoft 365 mailbox (auth.type oauth2-outlook; oauth2-outlook-app needs none)',
    )
    .addOption(configOption)
    .requiredOption('--mailbox <id>', 'the mailbox to sign in')
    .action(async (options: { config?: string; mailbox: string }) => {
      const { authOutlookCommand } = await import('./commands/auth-outlook.js');
      process.exitCode = await authOutlookCommand(options, print);
    });

  program
    .command('check')
    .description(
      'check Redis, every mailbox and the helpdesk without fetching, deleting or creating anything; exit 1 if a check fails',
    )
    .addOption(configOption)
    .option('--json', 'print one JSON document instead of one line per check')
    .addOption(
      new Option('--timeout <duration>', "each check's timeout, e.g. 5s (default: 10s)").argParser(
        durationOption,
      ),
    )
    .action(async (options: { config?: string; json?: boolean; timeout?: number }) => {
      const { checkCommand } = await import('./commands/check.js');
      process.exitCode = await checkCommand(options, { print, error: printError });
    });

  keptMailCommandLine(program.command('dead-letters'), 'mail popdesk could not deliver', DEAD_LETTER_REASONS)
    .addOption(configOption)
    .action(keptMailAction(async () => (await import('./commands/dead-letters.js')).deadLettersCommand));
  keptMailCommandLine(
    program.command('filtered'),
    'mail kept back by hygiene (auto-replies, bounces, loops, spam, bulk, rate limit)',
    FILTER_REASONS,
  )
    .addOption(configOption)
    .action(keptMailAction(async () => (await import('./commands/filtered.js')).filteredCommand));
  return program;
}

const LOG_FORMATS: readonly LogFormat[] = ['json', 'pretty'];

/** `--log-format`, a program-wide option given before or after the command's name. */
function logFormatOf(command: Command): LogFormat | undefined {
  const { logFormat } = command.optsWithGlobals<{ logFormat?: LogFormat }>();
  return logFormat;
}

const KEPT_MAIL_ACTIONS = ['list', 'show', 'export', 'requeue', 'delete'] as const;

/** The options of `dead-letters` and `filtered`, as commander hands them over. */
interface KeptMailOptions {
  config?: string;
  output?: string;
  all?: boolean;
  reason?: string;
}

/** The arguments and options `dead-letters` and `filtered` share; `reasons` are what `--reason` accepts. */
function keptMailCommandLine(command: Command, what: string, reasons: readonly string[]): Command {
  return command
    .description(`list, show, export (.eml), requeue or delete ${what}`)
    .argument('<action>', KEPT_MAIL_ACTIONS.join(' | '))
    .argument('[id]', 'the id `list` shows')
    .option('-o, --output <file>', 'for export: where to write the .eml')
    .option('--all', 'for requeue: every one (with --reason: every one kept for that reason)')
    .addOption(
      new Option('--reason <reason>', 'for list and requeue --all: only those kept for this reason').choices(
        reasons,
      ),
    );
}

/** What `dead-letters` or `filtered` runs, loaded when it runs. */
type KeptMailRunner = (request: KeptMailRequest, out: CliOutput) => Promise<number>;

/** Runs the loaded command for a known action; an unknown one is a usage error (exit 2). */
function keptMailAction(load: () => Promise<KeptMailRunner>) {
  return async (action: string, id: string | undefined, options: KeptMailOptions): Promise<void> => {
    if (!(KEPT_MAIL_ACTIONS as readonly string[]).includes(action)) {
      printError(`unknown action "${action}": use ${KEPT_MAIL_ACTIONS.join(', ')}`);
      process.exitCode = 2;
      return;
    }
    const request = {
      action: action as KeptMailRequest['action'],
      ...(id !== undefined ? { id } : {}),
      ...options,
    };
    const command = await load();
    process.exitCode = await command(request, { print, error: printError });
  };
}

/** Why a mail can be filtered: its class (all but `normal`), or the per-sender rate limit. */
const FILTER_REASONS: readonly FilterReason[] = [
  ...MAIL_CLASSES.filter((mailClass): mailClass is Exclude<MailClass, 'normal'> => mailClass !== 'normal'),
  'rate-limit',
];

function durationOption(text: string): number {
  try {
    return parseDuration(text);
  } catch (error) {
    throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
  }
}

/**
 * Runs the command line; configuration errors, and a Redis that cannot be reached, refuses
 * `redis.url`'s credentials or could evict queued mail, exit 2 with the problem named; others 1.
 */
export async function main(): Promise<void> {
  try {
    await buildProgram().parseAsync(process.argv);
  } catch (error) {
    if (
      error instanceof ConfigError ||
      error instanceof RedisConnectionError ||
      error instanceof RedisSetupError ||
      error instanceof HttpListenError
    ) {
      printError(error.message);
      process.exit(2);
    }
    printError(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  }
}
