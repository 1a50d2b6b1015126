import assert from 'node:assert/strict';
import { test } from 'node:test';
import { viaProxy } from '../helpers/passthrough.js';
import { CANARY } from '../helpers/start-stack.js';
import { useAgent } from '../helpers/test-agent.js';
import { useStack } from '../helpers/use-stack.js';

const agent = useAgent();
const stack = useStack({ simulator: { seed: 'empty' } });

test('no key, a wrong key, a bot token or a Basic credential: 401, and nothing reaches Zoom (not even OAuth)', async () => {
  stack.sim.seen.reset();
  const cases: Array<[string, { key?: string | null; headers?: Record<string, string> }]> = [
    ['no key', { key: null }],
    ['a wrong key', { key: `${CANARY.clientKey}x` }],
    ['a bot token', { key: CANARY.botToken }],
    ['Basic', { key: null, headers: { authorization: `Basic ${Buffer.from(`x:${CANARY.clientKey}`).toString('base64')}` } }],
  ];
  for (const [label, options] of cases) {
    for (const method of ['GET', 'DELETE']) {
      const res = await viaProxy(stack, agent, method, '/users/me', { ...options, headers: { accept: 'application/json', ...options.headers } });
      assert.equal(res.status, 401, `${label} ${method}`);
      assert.equal(res.json<{ error: { code: string } }>().error.code, 'unauthorized');
      assert.equal(res.headers['cache-control'], 'no-store');
    }
  }
  assert.deepEqual(stack.sim.seen.requests, []);
});
