import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO } from '../../simulator/simulator.js';
import { viaProxy } from '../helpers/passthrough.js';
import { useAgent } from '../helpers/test-agent.js';
import { useStack } from '../helpers/use-stack.js';

const agent = useAgent();
const stack = useStack();

const lastApi = () => stack.sim.seen.requests.filter((r) => r.kind === 'api').at(-1);

test('a double-encoded meeting UUID (%252F) reaches Zoom exactly as sent, and finds the recording', async () => {
  for (const uuid of [DEMO.recordings.aliceScheduled.uuid, DEMO.recordings.aliceRecurring.uuid]) {
    const raw = `/meetings/${encodeURIComponent(encodeURIComponent(uuid))}/recordings`;
    assert.match(raw, /%252F/);
    const res = await viaProxy(stack, agent, 'GET', raw);
    assert.equal(res.status, 200, res.text);
    assert.equal(lastApi()?.rawPath, `/v2${raw}`);
    assert.equal(res.json<{ uuid: string }>().uuid, uuid);
  }
});

test('path and query go out byte for byte: odd escapes, empty segments, repeated and raw characters', async () => {
  for (const raw of [
    '/users/alice%40example.com/meetings?page_size=1&type=scheduled',
    '/users/ALICE%40EXAMPLE.COM?x=%2f%2F&x=2&y=a+b&z=%E2%82%AC&empty=&flag',
    '/meetings//recordings',
    '/meetings/%2e%2e.x/x?q=http://a/b?c/../d',
    "/users/me?a='quoted'&b=[1]&c={x}|y^z`",
  ]) {
    await viaProxy(stack, agent, 'GET', raw);
    assert.equal(lastApi()?.rawPath, `/v2${raw}`, raw);
  }
});

test('/v2 on its own and with only a query is forwarded too', async () => {
  const res = await viaProxy(stack, agent, 'GET', '?a=1');
  assert.equal(lastApi()?.rawPath, '/v2?a=1');
  assert.equal(res.status, 404, 'the simulated Zoom has no such route');
});
