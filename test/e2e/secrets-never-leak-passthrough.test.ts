import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { test } from 'node:test';
import { DEMO } from '../../src/simulator/simulator.js';
import { eventually, testAgent, viaProxy, type RawAnswer } from '../helpers/passthrough.js';
import { CANARY, startStack } from '../helpers/start-stack.js';

/** A JWT anywhere: Zoom's ZAKs are JWTs; none may reach an app in mode `proxy`, nor any log. */
const JWT = /eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/;

/**
 * The passthrough's flows at trace level with canary secrets: answers rewritten, refused, failed,
 * retried and abandoned. No client key, bot token, link secret, OAuth secret, Zoom access token or
 * ZAK may reach a log line, an error body or a header; in mode `proxy` no ZAK reaches a body either.
 */
test('no secret reaches logs, error bodies or headers through the /v2 passthrough', async () => {
  const stack = await startStack({ logLevel: 'trace', simulator: { compressJson: true, listStartUrls: true }, configure: (c) => (c.zoom.timeoutSeconds = 0.5) });
  const agent = testAgent();
  try {
    const exposed: string[] = []; // headers of every answer, bodies of the refusals
    const bodies: string[] = []; // the legitimate bodies: links, never a ZAK
    const remember = (res: RawAnswer, legit = res.status < 300) => {
      exposed.push(JSON.stringify(res.headers));
      (legit ? bodies : exposed).push(res.text);
      return res;
    };
    const { alice } = DEMO.users;

    // Answers with links, compressed and not; a query string full of would-be secrets.
    remember(await viaProxy(stack, agent, 'GET', `/meetings/${DEMO.meetings.aliceScheduled}?zak=${CANARY.linkSecret}&access_token=${CANARY.botToken}`));
    remember(await viaProxy(stack, agent, 'GET', `/users/${alice.id}/meetings`));
    remember(await viaProxy(stack, agent, 'GET', `/users/${alice.id}/recordings`, { headers: { 'accept-encoding': 'identity' } }));
    remember(await viaProxy(stack, agent, 'GET', `/meetings/${DEMO.meetings.bobPmi}`, { key: CANARY.scopedKey }));
    remember(await viaProxy(stack, agent, 'POST', `/users/${alice.id}/meetings`, { headers: { 'content-type': 'application/json' }, body: `{"agenda":"${CANARY.clientSecret}"}` }), true);

    // Refusals, with secrets where a caller might put them.
    remember(await viaProxy(stack, agent, 'GET', '/users/me', { key: `${CANARY.clientKey}x` }));
    remember(await viaProxy(stack, agent, 'GET', '/users/me', { key: CANARY.botToken, headers: { accept: 'text/html' } }));
    remember(await viaProxy(stack, agent, 'GET', `/users/me?token=${CANARY.scopedKey}`, { key: null }));

    // A 124 replayed, a 429, Zoom down, slow, and a client that gives up.
    stack.sim.faults.invalidateAccessTokens();
    remember(await viaProxy(stack, agent, 'GET', `/users/${alice.id}`));
    stack.sim.faults.rateLimit({ count: 1 });
    remember(await viaProxy(stack, agent, 'GET', `/users/${alice.id}`));
    stack.sim.faults.delay({ match: { kind: 'api' }, headersMs: 1_000, count: 1 });
    remember(await viaProxy(stack, agent, 'GET', `/users/${alice.id}`));
    stack.sim.faults.delay({ match: { kind: 'api' }, headersMs: 1_000, count: 1 });
    const req = httpRequest(`${stack.url}/v2/users/${alice.id}`, { headers: { authorization: `Bearer ${CANARY.clientKey}` }, agent: false });
    req.on('error', () => undefined);
    req.end();
    await eventually(() => stack.sim.seen.requests.at(-1)?.rawPath === `/v2/users/${alice.id}` && stack.sim.seen.requests.at(-1)?.abandoned === false, 'reached Zoom');
    req.destroy();
    await stack.sim.faults.down();
    remember(await viaProxy(stack, agent, 'GET', `/users/${alice.id}`));
    await stack.sim.faults.up();
    stack.sim.faults.clear();
    const metrics = await agent.request({ origin: stack.url, path: '/metrics', method: 'GET' });
    exposed.push(await metrics.body.text());

    const issued = new Set<string>();
    for (const r of stack.sim.seen.requests) {
      const auth = r.headers.authorization;
      if (typeof auth === 'string' && auth.startsWith('Bearer ')) issued.add(auth.slice(7));
    }
    assert.ok(issued.size >= 2, 'access tokens were issued (and one replaced)');
    const secrets = [...Object.values(CANARY), ...issued];
    const logText = stack.logs.text();
    assert.ok(stack.logs.lines().filter((l) => l.route === 'passthrough').length >= 12, 'the flows were logged');
    for (const secret of secrets) {
      assert.ok(!logText.includes(secret), `a secret reached the log: ${secret.slice(0, 12)}…`);
      for (const seen of [...exposed, ...bodies]) assert.ok(!seen.includes(secret) || seen.includes(`"agenda":"${CANARY.clientSecret}"`), `a secret reached a response: ${secret.slice(0, 12)}…`);
    }
    for (const text of [logText, ...exposed, ...bodies]) assert.doesNotMatch(text, JWT, 'a ZAK-shaped JWT got out');
    assert.ok(bodies.some((b) => b.includes(`${stack.proxy.publicUrl}/start/`)) && bodies.some((b) => b.includes(`${stack.proxy.publicUrl}/download/`)));
  } finally {
    await agent.close();
    await stack.close();
  }
});
