/**
 * Runs async tasks one at a time, in arrival order. Every vault operation that writes goes
 * through one queue, so two popups sending at once cannot interleave their read-modify-writes.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  /** Runs `task` after every task queued before it has settled; resolves as `task` does. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
