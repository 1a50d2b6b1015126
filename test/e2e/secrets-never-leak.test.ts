import assert from 'node:assert/strict';
import { test } from 'node:test';
import request from 'supertest';
import { BOT_USER, CANARY, startStack } from '../helpers/start-stack.js';

/**
 * Runs the product's flows at debug level with canary secrets, gathers every token Zoom issued on
 * the way, and fails if any of them shows up in a log line, an error body, a header other than the
 * start redirect's Location, or the metrics.
 */
test('no client key, bot token, link secret, OAuth secret, access token or ZAK reaches logs, error bodies or headers', async () => {
  const stack = await startStack({ logLevel: 'trace', simulator: { seed: 'empty' }, configure: (c) => (c.zoom.timeoutSeconds = 0.5) });
  try {
    const host = stack.sim.addUser({ email: 'alice@example.com' });
    stack.sim.addUser({ email: BOT_USER });
    const meeting = stack.sim.addMeeting({ hostId: host.id, startUrlZak: 'expired' });
    const exposed: string[] = []; // everything a caller could see besides the legitimate payloads
    const remember = (res: request.Response, legit: { location?: boolean; body?: boolean } = {}) => {
      const headers = { ...res.headers };
      if (legit.location) delete headers.location;
      exposed.push(JSON.stringify(headers));
      if (!legit.body) exposed.push(res.text ?? '');
    };
    const key = `Bearer ${CANARY.clientKey}`;

    // Happy paths.
    const json = await request(stack.url).get(`/start/${meeting.id}`).set('authorization', key).set('accept', 'application/json').expect(200);
    remember(json, { body: true });
    const link = new URL((json.body as { start_url: string }).start_url);
    const redirect = await request(stack.url).get(`${link.pathname}${link.search}`).expect(302);
    remember(redirect, { location: true });
    const zak = await request(stack.url).get(`/zak?token=${CANARY.botToken}`).expect(200);
    remember(zak, { body: true });
    const obf = await request(stack.url).get(`/obf?meeting_id=${meeting.id}`).set('authorization', `Bearer ${CANARY.botToken}`).expect(200);
    remember(obf, { body: true });

    // Refusals and failures, with secrets in the request where a caller might put them.
    remember(await request(stack.url).get(`/start/${meeting.id}?exp=${link.searchParams.get('exp')}&sig=${link.searchParams.get('sig')}x`));
    remember(await request(stack.url).get(`/start/${meeting.id}`).set('authorization', `Bearer ${CANARY.clientKey}x`));
    remember(await request(stack.url).get(`/zak?token=${CANARY.clientKey}`).set('accept', 'text/html'));
    remember(await request(stack.url).get(`/zak?token=${CANARY.botToken}x`));
    remember(await request(stack.url).get(`/start/${meeting.id}?zak=${zak.text}&access_token=${CANARY.linkSecret}`));
    stack.clock.advance(31_000); // past the meeting look-up cache: the calls below reach Zoom
    stack.sim.faults.invalidateAccessTokens();
    remember(await request(stack.url).get(`/start/${meeting.id}`).set('authorization', key).expect(302), { location: true });
    stack.clock.advance(31_000);
    stack.sim.faults.fail({ match: { kind: 'api' }, status: 500 });
    remember(await request(stack.url).get(`/start/${meeting.id}`).set('authorization', key).expect(502));
    stack.sim.faults.clear();
    stack.sim.faults.delay({ match: { kind: 'api' }, headersMs: 1_000 });
    remember(await request(stack.url).get(`/obf?meeting_id=${meeting.id}&token=${CANARY.botToken}`));
    stack.sim.faults.clear();
    stack.sim.faults.rejectCredentials(true);
    stack.clock.advance(3601_000);
    remember(await request(stack.url).get('/readyz'));
    remember(await request(stack.url).get(`/zak?token=${CANARY.botToken}`));
    stack.sim.faults.rejectCredentials(false);
    remember(await request(stack.url).get('/metrics'));

    // Every token Zoom issued: access tokens as the simulator saw them, ZAKs and OBF tokens handed out.
    const issued = new Set<string>([zak.text, obf.text, new URL(redirect.headers.location as string).searchParams.get('zak') ?? '']);
    for (const r of stack.sim.seen.requests) {
      const auth = r.headers.authorization;
      if (typeof auth === 'string' && auth.startsWith('Bearer ')) issued.add(auth.slice(7));
    }
    const secrets = [...Object.values(CANARY), ...issued].filter((s) => s.length > 0);
    assert.ok(issued.size >= 4, 'the flows really ran');

    const logText = stack.logs.text();
    assert.ok(stack.logs.lines().length > 10, 'the flows were logged');
    for (const secret of secrets) {
      assert.ok(!logText.includes(secret), `a secret reached the log: ${secret.slice(0, 12)}…`);
      for (const seen of exposed) assert.ok(!seen.includes(secret), `a secret reached a response: ${secret.slice(0, 12)}… in ${seen.slice(0, 300)}`);
    }
  } finally {
    await stack.close();
  }
});
