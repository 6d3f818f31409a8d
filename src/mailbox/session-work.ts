/**
 * The commands of one session in flight. Each promise gets its handler the moment it is
 * created: one that rejects while the loop waits for the byte window must not become an
 * unhandled rejection, which would end the process.
 */
export class SessionWork {
  private readonly pending: Array<Promise<void>> = [];
  private failure: { error: unknown } | undefined;

  get failed(): boolean {
    return this.failure !== undefined;
  }

  track(promise: Promise<void>): void {
    this.pending.push(
      promise.catch((error: unknown) => {
        this.failure ??= { error };
      }),
    );
  }

  /** Waits for everything tracked (also what is tracked meanwhile); rejects with the first failure. */
  async settled(): Promise<void> {
    for (let done = 0; done < this.pending.length; done = this.pending.length) {
      await Promise.all(this.pending.slice(done));
    }
    if (this.failure !== undefined) throw this.failure.error;
  }
}
