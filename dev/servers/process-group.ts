import type { ChildProcess } from 'node:child_process';

/**
 * Ends a server started with `detached: true` together with every process it forked (login
 * processes, helper daemons): SIGTERM to its process group, SIGKILL after `graceMs`, and
 * resolves once no process of the group is left (or, should an orphan stay a zombie because
 * nothing reaps it, once it had two seconds to go after SIGKILL).
 */
export async function stopProcessGroup(child: ChildProcess, graceMs = 5000): Promise<void> {
  const group = child.pid;
  if (group === undefined) return;
  signalGroup(group, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (groupAlive(group) && Date.now() < deadline + 2000) {
    if (Date.now() > deadline) signalGroup(group, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function signalGroup(group: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-group, signal);
  } catch {
    // The group is gone already.
  }
}

function groupAlive(group: number): boolean {
  try {
    process.kill(-group, 0);
    return true;
  } catch {
    return false;
  }
}
