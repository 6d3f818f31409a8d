/**
 * A first-in first-out queue with O(1) `shift`. A POP3 session can hold thousands of pipelined
 * commands; `Array.prototype.shift` and `splice(0, 1)` are not O(1) for arrays of that size.
 */
export class FifoQueue<T> {
  /** Consumed slots hold `undefined`: a finished RETR's reply (the whole mail) must not stay reachable. */
  private items: Array<T | undefined> = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  /** The item at `index` from the front, without removing it; undefined outside the queue. */
  at(index: number): T | undefined {
    if (index < 0 || index >= this.length) return undefined;
    return this.items[this.head + index];
  }

  /** The item at the back, without removing it. */
  last(): T | undefined {
    return this.at(this.length - 1);
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head += 1;
    // Drop the consumed prefix once it is most of the array, so memory stays bounded.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  /** Index (from the front) of the first item that satisfies `test`, or -1. */
  findIndex(test: (item: T) => boolean): number {
    for (let i = this.head; i < this.items.length; i += 1) {
      if (test(this.items[i] as T)) return i - this.head;
    }
    return -1;
  }

  /** Removes the item at `index` from the front (rare: a SASL line queued behind others). */
  removeAt(index: number): void {
    if (index === 0) this.shift();
    else this.items.splice(this.head + index, 1);
  }

  /** Empties the queue, returning what it held in order. */
  drain(): T[] {
    const rest = this.items.slice(this.head) as T[];
    this.items = [];
    this.head = 0;
    return rest;
  }
}
