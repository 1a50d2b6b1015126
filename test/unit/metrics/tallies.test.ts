import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Counter, Histogram, Registry } from 'prom-client';
import { CounterTally, HistogramTally } from '../../../src/metrics/tallies.js';

/** The same updates on prom-client's own metrics and on the tallies: /metrics must read the same, byte for byte. */
function pair() {
  const theirs = new Registry();
  const ours = new Registry();
  const buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 1, 10];
  const help = 'Some help with "quotes" and a \\ backslash.';
  return {
    theirs,
    ours,
    counter: [
      new Counter({ name: 'c_total', help, labelNames: ['route', 'method', 'status'] as const, registers: [theirs] }),
      new CounterTally({ name: 'c_total', help, labelNames: ['route', 'method', 'status'] as const, registry: ours }),
    ] as const,
    plain: [
      new Counter({ name: 'plain_total', help, registers: [theirs] }),
      new CounterTally({ name: 'plain_total', help, labelNames: [] as const, registry: ours }),
    ] as const,
    histogram: [
      new Histogram({ name: 'h_seconds', help, labelNames: ['route'] as const, buckets, registers: [theirs] }),
      new HistogramTally({ name: 'h_seconds', help, labelNames: ['route'] as const, buckets, registry: ours }),
    ] as const,
    plainHistogram: [
      new Histogram({ name: 'plain_seconds', help, buckets, registers: [theirs] }),
      new HistogramTally({ name: 'plain_seconds', help, labelNames: [] as const, buckets, registry: ours }),
    ] as const,
  };
}

test('the tallies read on /metrics exactly as prom-client\'s own counters and histograms, for the same updates', async () => {
  const p = pair();
  assert.equal(await p.ours.metrics(), await p.theirs.metrics(), 'before any update (a counter or histogram without labels shows 0)');
  const values = [0, 0.005, 0.0051, 0.01, 0.3, 9.99, 10, 10.5, 1e6, 0.02];
  values.forEach((v, i) => {
    const labels = { route: i % 3 ? 'passthrough' : 'start "quoted"\n', method: i % 2 ? 'GET' : 'POST', status: String(200 + (i % 2)) };
    for (const c of p.counter) c.inc(labels);
    for (const c of p.counter) c.inc({ route: 'zak', status: '401' }, 2.5); // a label left out
    for (const c of p.plain) c.inc(i);
    for (const h of p.histogram) h.observe({ route: labels.route }, v);
    for (const h of p.plainHistogram) h.observe({}, v);
  });
  const text = await p.ours.metrics();
  assert.equal(text, await p.theirs.metrics());
  assert.match(text, /h_seconds_bucket\{le="\+Inf",route="passthrough"\} 6/);
  assert.match(text, /plain_total 45/);
  // As objects too (the tests read them), but for prom-client's `exemplar: null` fields.
  const withoutExemplars = (x: unknown): unknown => JSON.parse(JSON.stringify(x, (k, v: unknown) => (k === 'exemplar' ? undefined : v)));
  assert.deepEqual(withoutExemplars(await p.ours.getMetricsAsJSON()), withoutExemplars(await p.theirs.getMetricsAsJSON()));

  p.ours.resetMetrics();
  p.theirs.resetMetrics();
  assert.equal(await p.ours.metrics(), await p.theirs.metrics(), 'after a reset');
});

test('a tally counter refuses to go down, as prom-client\'s does, and counts nothing then', async () => {
  const { ours, counter, plain } = pair();
  const [, tally] = counter;
  const [, plainTally] = plain;
  for (const by of [-1, Number.NaN]) {
    assert.throws(() => tally.inc({ route: 'r' }, by), RangeError);
    assert.throws(() => plainTally.inc(by), RangeError);
  }
  assert.doesNotMatch(await ours.metrics(), /c_total\{/);
  assert.match(await ours.metrics(), /plain_total 0/);
});
