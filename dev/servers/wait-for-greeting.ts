import type { ChildProcess } from 'node:child_process';
import net from 'node:net';

/**
 * Waits until `port` greets with `+OK` and text matching `expected`, while `child` still runs.
 * A greeting from a port that another test took meanwhile fails the match (or the check that
 * our process is alive), so the caller can retry on a fresh port.
 */
export async function waitForGreeting(
  port: number,
  child: ChildProcess,
  expected: RegExp,
  output: () => string,
): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the server exited (${child.exitCode ?? child.signalCode}): ${output()}`);
    }
    const greeting = await readGreeting(port);
    if (greeting.startsWith('+OK') && expected.test(greeting) && child.exitCode === null) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no +OK greeting on port ${port} within 15 s: ${output()}`);
}

function readGreeting(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(1000, () => {
      socket.destroy();
      resolve('');
    });
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString('latin1'));
    });
    socket.once('error', () => resolve(''));
  });
}
