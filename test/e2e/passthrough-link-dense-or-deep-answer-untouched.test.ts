/**
 * Found in review: one link-dense 8 MiB answer (200,000 start_urls) blocked the event loop 1.9 s and
 * produced 21 MiB; a recordings answer nested 4 million levels took 4.6 s. Past
 * `passthrough.rewriteMaxLinks` links, 64 levels of nesting, or a rewritten size over
 * `passthrough.rewriteMaxBytes`, an answer now goes to the client as Zoom sent it, and is logged,
 * as one over the size cap is. Zoom's own pages stay far inside: a 300-meeting list is rewritten.
 */
import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { test } from 'node:test';
import { zoomApiForTest } from '../helpers/custom-zoom.js';
import { call } from '../helpers/passthrough.js';

/** A Zoom API that answers every GET with `body` as JSON. */
function answering(body: Buffer) {
  return (_req: IncomingMessage, res: ServerResponse): void => void res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }).end(body);
}

const overLines = (logs: { lines(): Array<Record<string, unknown>> }, limit: string) =>
  logs.lines().filter((l) => l.limit === limit && typeof l.msg === 'string' && l.msg.includes('passed on without rewriting its links'));

test('200,000 start_urls in one answer: passed on untouched, and logged', async (t) => {
  const meetings = Array.from({ length: 200_000 }, (_, i) => `{"start_url":"https://zoom.us/s/${1_000_000 + i}"}`);
  const body = Buffer.from(`{"meetings":[${meetings.join(',')}]}`);
  const { stack, agent } = await zoomApiForTest(t, answering(body), { configure: (c) => (c.passthrough.rewriteMaxBytes = 16 * 1024 * 1024) });
  const res = await call(agent, 'GET', `${stack.url}/v2/users/me/meetings`);
  assert.equal(res.status, 200);
  assert.ok(res.body.equals(body), 'the bytes Zoom sent');
  assert.equal(overLines(stack.logs, 'links').length, 1);
  assert.equal(overLines(stack.logs, 'links')[0]?.url, '/v2/users/me/meetings');
});

test('a recordings answer nested 100,000 levels deep: passed on untouched, and logged', async (t) => {
  const depth = 100_000;
  const inner = '{"host_id":"H1","recording_files":[{"download_url":"https://zoom.us/rec/download/deep"}]}';
  const body = Buffer.from(`{"meetings":${'['.repeat(depth)}${inner}${']'.repeat(depth)}}`);
  const { stack, agent } = await zoomApiForTest(t, answering(body));
  const res = await call(agent, 'GET', `${stack.url}/v2/users/me/recordings`);
  assert.equal(res.status, 200);
  assert.ok(res.body.equals(body), 'the bytes Zoom sent');
  assert.equal(overLines(stack.logs, 'depth').length, 1);
});

test('an answer whose rewrite would be larger than passthrough.rewriteMaxBytes: passed on untouched, and logged', async (t) => {
  // Each download link signed is longer than Zoom's URL: 20 of them grow the answer past the cap.
  const files = Array.from({ length: 20 }, (_, i) => `{"download_url":"https://zoom.us/rec/download/${'f'.repeat(40)}${i}"}`);
  const body = Buffer.from(`{"recording_files":[${files.join(',')}]}`);
  const { stack, agent } = await zoomApiForTest(t, answering(body), { configure: (c) => (c.passthrough.rewriteMaxBytes = body.length + 100) });
  const res = await call(agent, 'GET', `${stack.url}/v2/meetings/1/recordings`);
  assert.equal(res.status, 200);
  assert.ok(res.body.equals(body), 'the bytes Zoom sent');
  assert.equal(overLines(stack.logs, 'output').length, 1);
});

test('a full page of 300 meetings, each with settings and a recording, is still rewritten', async (t) => {
  const meetings = Array.from({ length: 300 }, (_, i) => ({
    id: 85_000_000_000 + i,
    host_id: 'H1',
    topic: `Weekly [team] {sync} ${i}`,
    start_url: `https://us05web.zoom.us/s/${85_000_000_000 + i}?zak=OLD`,
    settings: { alternative_hosts: '', approved_or_denied_countries_or_regions: { enable: false, list: [] } },
    recording_files: [{ download_url: `https://zoom.us/rec/download/file-${i}` }],
  }));
  const body = Buffer.from(JSON.stringify({ page_size: 300, total_records: 300, meetings }));
  const { stack, agent } = await zoomApiForTest(t, answering(body));
  const res = await call(agent, 'GET', `${stack.url}/v2/users/me/meetings`);
  assert.equal(res.status, 200);
  const out = res.json<{ meetings: Array<{ start_url: string; recording_files: Array<{ download_url: string }> }> }>().meetings;
  assert.equal(out.length, 300);
  for (const m of out) {
    assert.ok(m.start_url.startsWith(`${stack.proxy.publicUrl}/start/`), m.start_url);
    assert.ok(m.recording_files[0]?.download_url.startsWith(`${stack.proxy.publicUrl}/`), m.recording_files[0]?.download_url);
  }
  assert.equal(stack.logs.lines().filter((l) => l.limit !== undefined).length, 0);
});
