import assert from 'node:assert/strict';
import { test } from 'node:test';
import request from 'supertest';
import { BOT_USER, startStack } from '../helpers/start-stack.js';

// A bot token made the way the README makes secrets (`openssl rand -base64 ...`): standard base64,
// so it has `+` (and `/`, `=`) in it most of the time. The README tells Recall.ai users to set
// `zoom.zak_url` to `https://<proxy>/zak?token=<bot token>`: the token pasted as it is.
const TOKEN = 'q3+Zx9/LmT0k+Wb7vR2nYc8=';

test('a bot token with "+" works in ?token= as the README writes the zak_url', async () => {
  const stack = await startStack({
    simulator: { seed: 'empty' },
    configure: (c) => (c.bots = [{ name: 'recall', token: TOKEN, user: BOT_USER }]),
  });
  try {
    stack.sim.addUser({ email: BOT_USER });
    // What Recall.ai sends for zak_url = `${publicUrl}/zak?token=${TOKEN}`: the URL as configured.
    const res = await request(stack.url).get(`/zak?token=${TOKEN}`);
    assert.equal(res.status, 200, `got ${res.status} ${res.text}`);
    // The same token percent-encoded works, which shows the token itself is fine:
    await request(stack.url).get(`/zak?token=${encodeURIComponent(TOKEN)}`).expect(200);
  } finally {
    await stack.close();
  }
});
