/** Epoch milliseconds. Everything that judges expiry takes one, so tests can move time. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();
