import type { ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { freePort } from './free-port.js';
import { stopProcessGroup } from './process-group.js';
import { waitForGreeting } from './wait-for-greeting.js';

/** How to start one POP3 server process on a given port, and how to tell it is ours and up. */
export interface FreePortLaunch {
  /** Names the server in the error when it does not start. */
  readonly name: string;
  /** The server's temporary directory: removed when it does not start, and once it stopped. */
  readonly dir: string;
  /** Spawns the server, `detached` so its whole process group can be ended. */
  launch(port: number): Promise<ChildProcess>;
  /** Text that only this server's greeting carries. */
  readonly greeting: RegExp;
  /** Whether a failed start (given what the server printed) is worth a fresh port. */
  retryable(output: string): boolean;
}

/** A started server: its port, and how to end it with every process it forked and its files. */
export interface StartedServer {
  readonly port: number;
  stop(): Promise<void>;
}

/**
 * Starts a server on a port that was free a moment ago, and on a fresh one (up to 3 tries) when
 * another test took the port in between. Resolves once the server greets.
 */
export async function startOnFreePort(start: FreePortLaunch): Promise<StartedServer> {
  for (let attempt = 1; ; attempt += 1) {
    const port = await freePort();
    const child = await start.launch(port);
    let output = '';
    const collect = (chunk: Buffer): void => {
      output += chunk.toString();
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    try {
      await waitForGreeting(port, child, start.greeting, () => output);
      return {
        port,
        async stop() {
          await stopProcessGroup(child);
          await rm(start.dir, { recursive: true, force: true });
        },
      };
    } catch (error) {
      await stopProcessGroup(child, 1000);
      if (attempt < 3 && start.retryable(output)) continue;
      await rm(start.dir, { recursive: true, force: true });
      throw new Error(`${start.name} did not start: ${String(error)}`);
    }
  }
}
