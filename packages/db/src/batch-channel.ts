/**
 * A one-slot channel between a producer that runs inside a callback (a transaction) and a
 * consumer that iterates. The producer waits until each item is taken, so at most one batch is
 * in memory at a time.
 */
export class BatchChannel<T> implements AsyncIterable<T> {
  private item: { value: T } | undefined;
  private finished = false;
  private error: unknown;
  private wakeConsumer: (() => void) | undefined;
  private wakeProducer: (() => void) | undefined;
  /** True once the consumer stopped early; the producer should stop producing. */
  cancelled = false;

  async push(value: T): Promise<void> {
    this.item = { value };
    this.wakeConsumer?.();
    await new Promise<void>((resolve) => {
      this.wakeProducer = resolve;
      if (this.cancelled) resolve();
    });
  }

  end(): void {
    this.finished = true;
    this.wakeConsumer?.();
  }

  fail(error: unknown): void {
    this.error = error;
    this.finished = true;
    this.wakeConsumer?.();
  }

  cancel(): void {
    this.cancelled = true;
    this.wakeProducer?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (;;) {
      if (this.item) {
        const { value } = this.item;
        this.item = undefined;
        yield value;
        const wake = this.wakeProducer;
        this.wakeProducer = undefined;
        wake?.();
        continue;
      }
      if (this.finished) {
        if (this.error !== undefined) throw this.error;
        return;
      }
      await new Promise<void>((resolve) => {
        this.wakeConsumer = resolve;
      });
      this.wakeConsumer = undefined;
    }
  }
}
