import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { CounterTally, HistogramTally } from './tallies.js';

/**
 * The proxy's Prometheus metrics, on a registry of its own (not prom-client's global one) so that
 * several apps in one process, as in the tests, keep separate counts. Names are prefixed `zlp_`.
 * Updated on every request, so they are tallies (tallies.ts); prom-client writes them out.
 */
export function createMetrics(options: { processMetrics?: boolean } = {}) {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: 'zlp_' });
  const metrics = {
    registry,
    requests: new CounterTally({
      name: 'zlp_http_requests_total',
      help: 'Requests answered by the proxy, by route and status.',
      labelNames: ['route', 'method', 'status'] as const,
      registry,
    }),
    requestDuration: new HistogramTally({
      name: 'zlp_http_request_duration_seconds',
      help: 'Time to answer a request (to the end of the response), by route.',
      labelNames: ['route'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registry,
    }),
    upstream: new CounterTally({
      name: 'zlp_upstream_requests_total',
      help: 'Calls to Zoom, by kind (oauth, meeting, webinar, recordings, user, zak, obf, api, download) and status (or "error").',
      labelNames: ['kind', 'status', 'account'] as const,
      registry,
    }),
    tokenCache: new CounterTally({
      name: 'zlp_token_cache_total',
      help: 'Look-ups of the OAuth token and of ZAKs: hit (reused), shared (joined a mint under way), miss (minted).',
      labelNames: ['cache', 'result', 'account'] as const,
      registry,
    }),
    rateLimited: new CounterTally({
      name: 'zlp_zoom_rate_limited_total',
      help: 'Answers of 429 from Zoom, by X-RateLimit-Category and X-RateLimit-Type; type "remembered": own calls not sent while an earlier 429 holds.',
      labelNames: ['category', 'type', 'account'] as const,
      registry,
    }),
    passthroughAnswers: new CounterTally({
      name: 'zlp_passthrough_answers_total',
      help: 'Answers of the /v2 passthrough by what happened to their body: rewritten, unchanged (nothing to rewrite), streamed (not JSON, not 2xx, or no body), over_cap (too large to rewrite), undecodable.',
      labelNames: ['outcome', 'account'] as const,
      registry,
    }),
    bytesStreamed: new CounterTally({
      name: 'zlp_bytes_streamed_total',
      help: 'Recording bytes streamed to clients.',
      labelNames: ['account'] as const,
      registry,
    }),
    downloads: new CounterTally({
      name: 'zlp_downloads_total',
      help: 'Recording downloads by outcome (ok, denied, redirect_refused, aborted: the client left, failed), and each resume mid-body (resumed).',
      labelNames: ['outcome', 'account'] as const,
      registry,
    }),
    webhooksReceived: new CounterTally({
      name: 'zlp_webhooks_received_total',
      help: 'Zoom events received, by event (unknown until the signature and the JSON are checked) and outcome: delivered, not_delivered (answered 503), no_subscriber, validated (endpoint.url_validation), refused (signature or timestamp), too_large, not_json.',
      labelNames: ['event', 'outcome', 'account'] as const,
      registry,
    }),
    webhookDeliveries: new CounterTally({
      name: 'zlp_webhook_deliveries_total',
      help: 'Attempts to deliver an event to a subscriber, by outcome: delivered (2xx in time), refused (another status), timeout, unreachable, failed, duplicate (delivered already: not sent again), dead_letter (Redis store: given up after webhooks.retryForSeconds).',
      labelNames: ['subscriber', 'outcome', 'account'] as const,
      registry,
    }),
    storeOperations: new CounterTally({
      name: 'zlp_store_operations_total',
      help: 'Redis store calls by op (get, read, set, drop) and outcome: near (this replica\'s copy), redis, waited (another replica produced it), produced (under this replica\'s lease), absent, local (Redis unavailable: this replica alone), ok, error.',
      labelNames: ['op', 'outcome', 'account', 'cache'] as const,
      registry,
    }),
    storeLockWait: new HistogramTally({
      name: 'zlp_store_lock_wait_seconds',
      help: 'Time a get waited for another replica holding the lease of its key (Redis store).',
      labelNames: ['account', 'cache'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registry,
    }),
    storeErrors: new CounterTally({
      name: 'zlp_store_redis_errors_total',
      help: 'Redis commands that failed or timed out, and connection errors (each opens the breaker if it is closed).',
      labelNames: [] as const,
      registry,
    }),
    storeUnavailable: new Gauge({
      name: 'zlp_store_unavailable',
      help: 'With the Redis store: 1 while Redis cannot be used (each replica works on its own state), else 0.',
      registers: [registry],
    }),
    webhookQueueDepth: new Gauge({
      name: 'zlp_webhook_queue_depth',
      help: 'With the Redis store: deliveries queued (new, under way, or waiting for a retry), across replicas.',
      registers: [registry],
    }),
    webhookQueueOldestSeconds: new Gauge({
      name: 'zlp_webhook_queue_oldest_seconds',
      help: 'With the Redis store: how long the oldest undelivered event has been queued (0 when none).',
      registers: [registry],
    }),
    webhookDeadLetters: new Gauge({
      name: 'zlp_webhook_dead_letters',
      help: 'With the Redis store: dead letters kept in Redis (not delivered within webhooks.retryForSeconds).',
      registers: [registry],
    }),
  };
  return metrics;
}

export type Metrics = ReturnType<typeof createMetrics>;
