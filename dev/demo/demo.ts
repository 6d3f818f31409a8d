// `npm run demo` runs this file through tsx: the only module in dev/demo that does something when loaded.
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { terminalText } from '../../src/cli/terminal-text.js';
import { runDemo } from './run-demo.js';

/** Every line the demo prints; what it shows comes from the sample mails. */
const print = (line: string): void => {
  process.stdout.write(`${terminalText(line, 'multi-line')}\n`);
};

try {
  const { values } = parseArgs({
    options: {
      'mail-dir': { type: 'string', default: fileURLToPath(new URL('../../examples/mail', import.meta.url)) },
    },
  });
  process.exitCode = await runDemo({ mailDir: values['mail-dir'], print });
} catch (error) {
  process.stderr.write(
    `popdesk demo: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
}
