/**
 * A clock with timers, both moved by hand: what waits minutes (Zoom's webhook retries) or seconds
 * (its 3 s answer deadline) fires when a test advances past it, in order and each at its own time,
 * never by sleeping. Pass `now` as the clock and the object as the timers.
 */
export interface ManualTimers {
  now: () => number;
  setTimeout(fn: () => void, ms: number): number;
  clearTimeout(handle: unknown): void;
  /** Move the clock by `ms`, running every timer due on the way at its own instant. */
  advance(ms: number): void;
  /** Timers still waiting. */
  readonly pending: number;
}

export function createManualTimers(start = Date.now()): ManualTimers {
  let t = start;
  let nextId = 1;
  const waiting = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => t,
    setTimeout(fn, ms) {
      const id = nextId++;
      waiting.set(id, { at: t + Math.max(0, ms), fn });
      return id;
    },
    clearTimeout(handle) {
      if (typeof handle === 'number') waiting.delete(handle);
    },
    advance(ms) {
      const end = t + ms;
      for (;;) {
        let due: [number, { at: number; fn: () => void }] | undefined;
        for (const entry of waiting) if (entry[1].at <= end && (!due || entry[1].at < due[1].at)) due = entry;
        if (!due) break;
        waiting.delete(due[0]);
        t = Math.max(t, due[1].at);
        due[1].fn();
      }
      t = end;
    },
    get pending() {
      return waiting.size;
    },
  };
}
