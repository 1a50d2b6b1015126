import assert from 'node:assert/strict';
import { test } from 'node:test';
import zlib from 'node:zlib';
import { DEMO } from '../../simulator/simulator.js';
import { stackWithZoomApi } from '../helpers/custom-zoom.js';
import { direct, maskLinks, viaProxy } from '../helpers/passthrough.js';
import { useAgent } from '../helpers/test-agent.js';
import { useStack } from '../helpers/use-stack.js';

const agent = useAgent();
const stack = useStack({ simulator: { compressJson: true } });

const decode = { gzip: zlib.gunzipSync, br: zlib.brotliDecompressSync, deflate: zlib.inflateSync } as const;
const RECORDINGS = `/meetings/${DEMO.meetings.aliceScheduled}/recordings`;

test('a gzip, br or deflate answer is decoded, rewritten and sent in the same coding with a correct length', async () => {
  for (const coding of ['gzip', 'br', 'deflate'] as const) {
    const proxied = await viaProxy(stack, agent, 'GET', RECORDINGS, { headers: { 'accept-encoding': coding } });
    assert.equal(proxied.status, 200);
    assert.equal(proxied.headers['content-encoding'], coding);
    assert.equal(Number(proxied.headers['content-length']), proxied.body.length);
    assert.equal(proxied.headers['transfer-encoding'], undefined);
    assert.match(String(proxied.headers.vary), /accept-encoding/i);
    const body = decode[coding](proxied.body);
    const zoom = await direct(stack, agent, 'GET', RECORDINGS);
    const mine = maskLinks(body);
    assert.equal(mine.masked, maskLinks(zoom.body).masked);
    assert.ok(mine.links.length === 4 && mine.links.every((l) => l.startsWith(`${stack.proxy.publicUrl}/download/`)));
  }
});

test('Zoom is only asked for codings the proxy can decode', async () => {
  await viaProxy(stack, agent, 'GET', RECORDINGS, { headers: { 'accept-encoding': 'zstd, br;q=0.5, compress' } });
  assert.equal(stack.sim.seen.requests.filter((r) => r.kind === 'api').at(-1)?.headers['accept-encoding'], 'br;q=0.5');
  const res = await viaProxy(stack, agent, 'GET', RECORDINGS, { headers: { 'accept-encoding': 'zstd' } });
  assert.equal(stack.sim.seen.requests.filter((r) => r.kind === 'api').at(-1)?.headers['accept-encoding'], 'identity');
  assert.equal(res.headers['content-encoding'], undefined);
  assert.ok(maskLinks(res.body).links.every((l) => l.startsWith(`${stack.proxy.publicUrl}/download/`)));
});

test('with nothing to rewrite the client gets Zoom\'s own compressed bytes', async () => {
  const path = `/users/${DEMO.users.alice.id}`;
  const proxied = await viaProxy(stack, agent, 'GET', path, { headers: { 'accept-encoding': 'gzip' } });
  const zoom = await direct(stack, agent, 'GET', path, { headers: { 'accept-encoding': 'gzip' } });
  assert.equal(proxied.headers['content-encoding'], 'gzip');
  assert.deepEqual(proxied.body, zoom.body);
});

test('a client that sent no Accept-Encoding gets identity', async () => {
  const res = await viaProxy(stack, agent, 'GET', RECORDINGS);
  assert.equal(res.headers['content-encoding'], undefined);
  assert.equal(res.json<{ recording_files: unknown[] }>().recording_files.length, 4);
});

test('a Zoom that compresses unasked is decoded for a client that did not ask, rewritten or not', async (t) => {
  const links = Buffer.from(JSON.stringify({ download_url: 'https://zoom.us/rec/download/x' }));
  const plain = Buffer.from(JSON.stringify({ id: 'no links' }));
  const zoom = await stackWithZoomApi((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    res.end(zlib.gzipSync(req.url?.endsWith('/links') ? links : plain));
  });
  t.after(() => zoom.close());
  const other = zoom.stack;
  const rewritten = await viaProxy(other, agent, 'GET', '/links');
  assert.equal(rewritten.headers['content-encoding'], undefined);
  assert.ok(rewritten.json<{ download_url: string }>().download_url.startsWith(`${other.proxy.publicUrl}/download/`));
  // Nothing to rewrite: Zoom's bytes and Zoom's Content-Encoding, as promised for such answers.
  const untouched = await viaProxy(other, agent, 'GET', '/plain');
  assert.equal(untouched.headers['content-encoding'], 'gzip');
  assert.deepEqual(zlib.gunzipSync(untouched.body), plain);
});
