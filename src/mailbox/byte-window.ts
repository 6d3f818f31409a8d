/**
 * Bounds how many bytes of message bodies are in flight at once, so pipelining a batch of large
 * mails cannot hold the whole batch in memory. One entry is always admitted, however large, so
 * a single mail bigger than the window still goes through.
 */
export class ByteWindow {
  private inFlight = 0;
  private entries = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  /** Resolves once `bytes` more fit in the window. */
  async acquire(bytes: number): Promise<void> {
    while (this.entries > 0 && this.inFlight + bytes > this.limit) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.inFlight += bytes;
    this.entries += 1;
  }

  release(bytes: number): void {
    this.inFlight -= bytes;
    this.entries -= 1;
    for (const wake of this.waiting.splice(0)) wake();
  }
}
