import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { sendChunked } from '../helpers/passthrough.js';
import { useStack } from '../helpers/use-stack.js';

const stack = useStack({ simulator: { seed: 'empty' } });

/**
 * http-proxy (used before undici) added `Content-Length: 0` to a DELETE or OPTIONS that had none;
 * with a chunked body too large to be held for a replay, Zoom must still get one framing only
 * (chunked) and every byte.
 */
test('a chunked DELETE body larger than replayMaxBytes reaches Zoom chunked, without a Content-Length', async () => {
  const host = stack.sim.addUser({ email: 'delete@example.com' });
  const meeting = stack.sim.addMeeting({ hostId: host.id });
  const bytes = randomBytes(stack.config.passthrough.replayMaxBytes + 50_000);
  const status = await sendChunked(`${stack.url}/v2/meetings/${meeting.id}`, 'DELETE', 'application/json', bytes, 9_999);
  const seen = stack.sim.seen.requests.filter((r) => r.kind === 'api' && r.method === 'DELETE').at(-1);
  assert.ok(seen, 'the DELETE reached Zoom');
  assert.equal(seen.headers['content-length'], undefined);
  assert.equal(seen.headers['transfer-encoding'], 'chunked');
  assert.equal(seen.bodyLength, bytes.length);
  assert.equal(seen.bodySha256, createHash('sha256').update(bytes).digest('hex'));
  assert.ok(status === 204 || status === 400, `Zoom's answer comes back (${status})`);
});
