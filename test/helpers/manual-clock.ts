import type { Clock } from '../../src/clock.js';

/** A clock tests move by hand: expiry is tested by advancing it, never by sleeping. */
export interface ManualClock {
  now: Clock;
  advance(ms: number): void;
}

export function createManualClock(start = Date.now()): ManualClock {
  let t = start;
  return {
    now: () => t,
    advance(ms) {
      t += ms;
    },
  };
}
