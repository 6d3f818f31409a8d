/**
 * The pipelining window of a session whose server passed the probe without advertising
 * PIPELINING: small at first, doubled each time a whole window's worth of replies has arrived
 * in order, up to `pipelineWindow`. A server that copes with two commands in flight may still
 * lose bytes at twenty; growing slowly keeps what is at stake when it does to a few commands.
 */
export interface ProbedWindow {
  /** Commands allowed in flight now. */
  readonly size: number;
  /** Replies received in order since the window last grew. */
  readonly inOrder: number;
}

/** The window right after a passed probe: two commands in flight, as the probe itself had. */
export function startProbedWindow(maxWindow: number): ProbedWindow {
  return { size: Math.max(1, Math.min(2, maxWindow)), inOrder: 0 };
}

/** The window after one more reply arrived in order. */
export function afterInOrderReply(window: ProbedWindow, maxWindow: number): ProbedWindow {
  const inOrder = window.inOrder + 1;
  if (inOrder < window.size || window.size >= maxWindow) return { size: window.size, inOrder };
  return { size: Math.min(window.size * 2, maxWindow), inOrder: 0 };
}
