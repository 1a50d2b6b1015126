/**
 * The lean upstream as a process of its own, so its CPU is not the load generator's or the proxy's.
 * Prints one JSON line `{"mainUrl","cdnUrl"}` once both servers listen; SIGTERM closes it.
 */
import { startLeanUpstream } from './lean-upstream.js';

const upstream = await startLeanUpstream({ host: process.env.BENCH_UPSTREAM_HOST, cdnHost: process.env.BENCH_CDN_HOST });
process.stdout.write(`${JSON.stringify({ mainUrl: upstream.mainUrl, cdnUrl: upstream.cdnUrl })}\n`);
process.once('SIGTERM', () => {
  void upstream.close().then(() => process.exit(0));
});
