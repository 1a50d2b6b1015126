/** One line of a result table: one target under one workload (and one size, for downloads). */
import type { TargetName, WorkloadName } from './options.js';

export type RowState = 'ok' | 'na' | 'failed';

export interface Row {
  workload: WorkloadName;
  /** `1 GiB`, `4 GiB` for downloads. */
  variant?: string;
  target: TargetName;
  label: string;
  competitor: boolean;
  state: RowState;
  /** What the probe saw (links rewritten or not), why a row is n/a or failed. */
  note?: string;
  requests?: number;
  rps?: number;
  p50Ms?: number;
  p99Ms?: number;
  /** Response bytes per second, in MB (10^6 bytes). */
  mbps?: number;
  peakRssBytes?: number;
  /** Downloads: the target's resident memory just before the transfer (started, one probe answered). */
  idleRssBytes?: number;
  /** CPU seconds of the target process per request. */
  cpuPerReqS?: number;
  errors?: number;
  /** Share of the machine (0..1) other people's processes used while this row was measured. */
  othersCpu?: number;
  /** The `--cpu-prof` output of this run, when profiled and measured. */
  profileFile?: string;
  /** Cold burst only. */
  burst?: { oauthMints: number; zakMints: number; redirects: number; total: number };
  /** Replicas run only: the mints the upstream counted, and the answers with the status expected. */
  replicas?: { count: number; oauthMints: number; zakMints: number; right: number; total: number };
}
