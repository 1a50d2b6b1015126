/** What every part of one bench run shares: options, the upstream, secrets of the run, paths. */
import type { BenchOptions } from './options.js';
import type { BenchRedis } from './redis-server.js';

export interface BenchContext {
  options: BenchOptions;
  upstream: { mainUrl: string; cdnUrl: string; pid: number };
  /** The client key the proxy accepts; sent to every target alike. */
  clientKey: string;
  /** The proxy's links.secret (and the rewriting competitor's). */
  linkSecret: string;
  /** Scratch directory of this run: configs, logs; removed at the end. */
  runDir: string;
  /** `dist/` of the build, where the proxy and the competitors' entry points are. */
  distDir: string;
  /** Where `latest.md` and profiles go. */
  resultsDir: string;
  nginxBinary: string | undefined;
  /** The redis-server of the run, for `proxy-redis` (undefined when none is installed or no workload needs it). */
  redis: BenchRedis | undefined;
}
