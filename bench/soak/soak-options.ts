/**
 * The soak's knobs, from flags (`npm run soak -- --duration 120`) or the environment
 * (`SOAK_DURATION=120 npm run soak`); flags win. The defaults are the soak's ten minutes (bench/README.md).
 */
import { parseArgs } from 'node:util';
import { positive } from '../harness/options.js';

export interface SoakOptions {
  /** Seconds of traffic in all, warm-up included. */
  durationS: number;
  /** Seconds of traffic without faults first; memory and fds at its end are the baseline. */
  warmupS: number;
  /** A fault is switched on every this many seconds, in turn. */
  faultEveryS: number;
  /** How long each fault stays on. */
  faultS: number;
  /** Seconds after a fault ends before the recovery is judged (requests in flight finish). */
  graceS: number;
  /** Requests in flight at once (the small-request workers; one more worker does the large downloads). */
  concurrency: number;
  /** Each worker's pause between two requests, so the soak does not take the whole (shared) machine. */
  pauseMs: number;
  /** Seconds between two samples of the proxy's memory and fds. */
  sampleS: number;
  /** Seconds without traffic at the end before the final sample. */
  quietS: number;
  /** Heap snapshots of the proxy after the warm-up and at the end, compared (to find what grows). */
  heapSnapshots: boolean;
}

export const DEFAULT_SOAK: SoakOptions = {
  durationS: 600, warmupS: 60, faultEveryS: 30, faultS: 6, graceS: 5, concurrency: 8, pauseMs: 10, sampleS: 5, quietS: 15, heapSnapshots: false,
};

const FLAGS = {
  duration: ['durationS', 'SOAK_DURATION', false],
  warmup: ['warmupS', 'SOAK_WARMUP', false],
  'fault-every': ['faultEveryS', 'SOAK_FAULT_EVERY', false],
  'fault-seconds': ['faultS', 'SOAK_FAULT_SECONDS', false],
  grace: ['graceS', 'SOAK_GRACE', false],
  concurrency: ['concurrency', 'SOAK_CONCURRENCY', true],
  'pause-ms': ['pauseMs', 'SOAK_PAUSE_MS', false],
  sample: ['sampleS', 'SOAK_SAMPLE', false],
  quiet: ['quietS', 'SOAK_QUIET', false],
} as const satisfies Record<string, readonly [Exclude<keyof SoakOptions, 'heapSnapshots'>, string, boolean]>;

export function readSoakOptions(argv: string[], env: NodeJS.ProcessEnv): SoakOptions {
  const options = {
    ...Object.fromEntries(Object.keys(FLAGS).map((f) => [f, { type: 'string' as const }])),
    'heap-snapshots': { type: 'boolean' as const },
  };
  const { values } = parseArgs({ args: argv, options, strict: true });
  const o: SoakOptions = { ...DEFAULT_SOAK };
  for (const [flag, [key, envName, integer]] of Object.entries(FLAGS)) {
    const raw = (values as Record<string, string | undefined>)[flag] ?? env[envName];
    if (raw) o[key] = positive(flag, raw, integer);
  }
  o.heapSnapshots = values['heap-snapshots'] === true || env.SOAK_HEAP_SNAPSHOTS === '1';
  if (o.warmupS >= o.durationS) throw new Error(`soak: --warmup (${o.warmupS} s) must be shorter than --duration (${o.durationS} s)`);
  return o;
}
