import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO } from '../../simulator/simulator.js';
import { stackWithZoomApi } from '../helpers/custom-zoom.js';
import { direct, viaProxy } from '../helpers/passthrough.js';
import { useAgent } from '../helpers/test-agent.js';
import { useStack } from '../helpers/use-stack.js';

const agent = useAgent();
const stack = useStack({ simulator: { compressJson: true }, configure: (c) => (c.passthrough.rewriteMaxBytes = 3_000) });

const capLines = () => stack.logs.lines().filter((l) => typeof l.msg === 'string' && l.msg.includes('passthrough.rewriteMaxBytes'));

test('an answer over passthrough.rewriteMaxBytes streams through untouched, and the cap is logged once', async () => {
  const path = `/users/${DEMO.users.alice.id}/recordings`;
  const before = capLines().length;
  const proxied = await viaProxy(stack, agent, 'GET', path);
  const zoom = await direct(stack, agent, 'GET', path);
  assert.ok(zoom.body.length > 3_000, 'the answer is over the cap');
  assert.deepEqual(proxied.body, zoom.body, "Zoom's bytes, links included");
  assert.equal(capLines().length - before, 1);
  assert.equal(capLines().at(-1)?.rewriteMaxBytes, 3_000);
});

test('the cap applies to the decoded size too: a small gzip that inflates past it is passed on as Zoom sent it', async () => {
  const path = `/users/${DEMO.users.alice.id}/recordings`;
  const before = capLines().length;
  const proxied = await viaProxy(stack, agent, 'GET', path, { headers: { 'accept-encoding': 'gzip' } });
  assert.ok(proxied.body.length < 3_000, 'compressed it is under the cap');
  assert.equal(proxied.headers['content-encoding'], 'gzip');
  assert.deepEqual(proxied.body, (await direct(stack, agent, 'GET', path, { headers: { 'accept-encoding': 'gzip' } })).body);
  assert.equal(capLines().length - before, 1);
});

test('an answer under the cap is rewritten', async () => {
  const res = await viaProxy(stack, agent, 'GET', `/meetings/${DEMO.meetings.aliceScheduled}`);
  assert.ok(res.body.length < 3_000);
  assert.ok(res.json<{ start_url: string }>().start_url.startsWith(`${stack.proxy.publicUrl}/start/`));
});

test('a chunked answer (no Content-Length) that turns out over the cap: what was read, then the rest, untouched', async (t) => {
  const body = Buffer.from(JSON.stringify({ download_url: 'https://zoom.us/rec/download/first', filler: 'x'.repeat(10_000), more: [{ download_url: 'https://zoom.us/rec/download/last' }] }));
  const zoom = await stackWithZoomApi(
    (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      for (let at = 0; at < body.length; at += 1_000) res.write(body.subarray(at, at + 1_000));
      res.end();
    },
    { configure: (c) => (c.passthrough.rewriteMaxBytes = 3_000) },
  );
  t.after(() => zoom.close());
  const res = await viaProxy(zoom.stack, agent, 'GET', '/chunked');
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, body);
});
