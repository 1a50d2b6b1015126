import type { StoreMessage } from './redis-scripts.js';

/** One caller waiting for a key's value: woken by a message, the lease's end, or Redis becoming unavailable. */
export class Waiter {
  #heard: StoreMessage | undefined;
  #woken = false;
  #resolve: ((message: StoreMessage | undefined) => void) | undefined;

  constructor(private readonly remove: () => void) {}

  wake(message: StoreMessage | undefined): void {
    if (this.#woken) return;
    this.#woken = true;
    this.#heard = message;
    this.#resolve?.(message);
  }

  within(ms: number): Promise<StoreMessage | undefined> {
    if (this.#woken) {
      this.remove();
      return Promise.resolve(this.#heard);
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.wake(undefined), ms);
      this.#resolve = (message) => {
        clearTimeout(timer);
        this.remove();
        resolve(message);
      };
    });
  }

  cancel(): void {
    this.#woken = true;
    this.remove();
  }
}
