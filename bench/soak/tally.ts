/**
 * The soak's counts: every answer by flow and outcome for the whole run, and successes per second
 * of the run (by when the request started), so any stretch (a fault, the recovery after it) can be
 * judged afterwards. Counts only: the soak's own memory stays flat however long it runs.
 */
import type { Outcome } from './flows.js';

export interface Rate {
  ok: number;
  total: number;
}

export class Tally {
  readonly #byFlow = new Map<string, Map<string, number>>();
  /** Index: whole seconds since `t0`; per flow. */
  readonly #perSecond: Array<Map<string, Rate>> = [];

  constructor(private readonly t0: number) {}

  add(flow: string, startedAt: number, outcome: Outcome): void {
    const keys = this.#byFlow.get(flow) ?? new Map<string, number>();
    this.#byFlow.set(flow, keys);
    keys.set(outcome.key, (keys.get(outcome.key) ?? 0) + 1);
    const second = Math.max(0, Math.floor((startedAt - this.t0) / 1000));
    const bucket = (this.#perSecond[second] ??= new Map());
    const rate = bucket.get(flow) ?? { ok: 0, total: 0 };
    bucket.set(flow, rate);
    rate.total += 1;
    if (outcome.ok) rate.ok += 1;
  }

  /** Answers of each flow by outcome key, over the whole run. */
  byFlow(): ReadonlyMap<string, ReadonlyMap<string, number>> {
    return this.#byFlow;
  }

  /**
   * Requests started in the whole seconds of the run that lie inside [fromS, toS) (a second cut by
   * a fault switching on or off is left out), all flows together and per flow.
   */
  between(fromS: number, toS: number): { all: Rate; flows: Map<string, Rate> } {
    const all: Rate = { ok: 0, total: 0 };
    const flows = new Map<string, Rate>();
    for (let s = Math.max(0, Math.ceil(fromS)); s + 1 <= toS && s < this.#perSecond.length; s++) {
      for (const [flow, r] of this.#perSecond[s] ?? []) {
        const f = flows.get(flow) ?? { ok: 0, total: 0 };
        flows.set(flow, f);
        f.ok += r.ok;
        f.total += r.total;
        all.ok += r.ok;
        all.total += r.total;
      }
    }
    return { all, flows };
  }
}

export function percent(r: Rate): string {
  return r.total === 0 ? '-' : `${((100 * r.ok) / r.total).toFixed(r.ok === r.total ? 0 : 1)}%`;
}
