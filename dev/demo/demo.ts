// `npm run demo` runs this file through tsx: the only module in dev/demo that does something when loaded.
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { terminalText } from '../../src/cli/terminal-text.js';
import { runDemo } from './run-demo.js';

/** Every line the demo prints; what it shows comes from the sample mails. */
const print = (line: string): void => {
  process.stdout.write(`${terminalText(line, 'multi-line')}\n`);
};

const printError = (text: string): void => {
  process.stderr.write(`popdesk demo: ${terminalText(text, 'multi-line')}\n`);
};

const defaultMailDir = fileURLToPath(new URL('../../examples/mail', import.meta.url));
let mailDir: string | undefined;
try {
  const { values } = parseArgs({ options: { 'mail-dir': { type: 'string', default: defaultMailDir } } });
  mailDir = values['mail-dir'];
} catch (error) {
  printError(
    `${error instanceof Error ? error.message : String(error)} (usage: npm run demo -- [--mail-dir <dir>])`,
  );
  process.exitCode = 2;
}
if (mailDir !== undefined) {
  try {
    process.exitCode = await runDemo({ mailDir, print });
  } catch (error) {
    printError(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 1;
  }
}
