import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { addRecordingFiles, download, signedLink } from '../helpers/download-client.js';
import { failOnEscapedErrors } from '../helpers/no-escaped-errors.js';
import { call } from '../helpers/passthrough.js';
import type { RawAnswer } from '../helpers/raw-answer.js';
import { BOT_USER, CANARY } from '../helpers/start-stack.js';
import { useAgent } from '../helpers/test-agent.js';
import { useStack } from '../helpers/use-stack.js';

/**
 * Zoom (or something in front of it) answering 200 with what the proxy cannot use where it expected
 * JSON: an HTML maintenance page, broken JSON, or JSON without the field. The OAuth token, the
 * meeting look-up and the ZAK/OBF mints each give 502 zoom_bad_response with a log line, never a 200
 * without a token, and nothing is sent on to Zoom with a token that was never issued.
 */
failOnEscapedErrors();
const agent = useAgent();
let meetingId: number;
let fileId: string;
const BODIES: [string, string][] = [
  ['text/html; charset=utf-8', '<!DOCTYPE html><html><body>Zoom is down for maintenance.</body></html>'],
  ['application/json', '{"access_token":"abc","token":"abc","host_id":"x'],
  ['application/json', '{}'],
  ['application/json', 'null'],
  ['application/json', '["token"]'],
  ['application/json', ''],
];

const stack = useStack({ simulator: { seed: 'empty' } }, () => {
  stack.sim.addUser({ email: BOT_USER });
  meetingId = stack.sim.addMeeting({ hostId: stack.sim.addUser({ email: 'host@example.com' }).id }).id;
  [fileId] = addRecordingFiles(stack, { fileType: 'M4A', size: 1000 });
});
afterEach(() => {
  stack.sim.faults.clear();
  stack.clock.advance(3601_000); // nothing cached carries over
});

const get = (path: string, key: string | null = CANARY.clientKey): Promise<RawAnswer> => call(agent, 'GET', `${stack.url}${path}`, { key });
const code = (a: { text: string }): string | undefined => (JSON.parse(a.text) as { error?: { code?: string } }).error?.code;

function expectBadResponse(answers: Array<{ status: number; text: string }>, what: string): void {
  for (const a of answers) assert.deepEqual([a.status, code(a)], [502, 'zoom_bad_response'], `${what}: ${a.text.slice(0, 80)}`);
}

test('the OAuth endpoint: every flow 502 zoom_bad_response, /readyz 503, and no API call with a made-up token', async () => {
  for (const [contentType, body] of BODIES) {
    stack.clock.advance(3601_000);
    stack.sim.faults.garble({ match: { kind: 'oauth' }, body, contentType });
    const seen = stack.sim.seen.requests.length;
    const answers = [
      await get(`/start/${meetingId}`),
      await get(`/zak?token=${CANARY.botToken}`, null),
      await get('/v2/users/me'),
      await download(signedLink(stack, fileId), { agent }),
    ];
    expectBadResponse(answers, `OAuth ${body}`);
    assert.equal((await get('/readyz', null)).status, 503);
    assert.deepEqual(stack.sim.seen.requests.slice(seen).filter((r) => r.kind !== 'oauth'), [], 'nothing but OAuth was asked');
    stack.sim.faults.clear();
  }
});

test('the meeting look-up: /start 502 zoom_bad_response and no ZAK minted', async () => {
  for (const [contentType, body] of BODIES) {
    stack.clock.advance(31_000);
    stack.sim.faults.garble({ match: { path: `/v2/meetings/${meetingId}` }, body, contentType });
    const zaks = stack.sim.seen.zakMints();
    expectBadResponse([await get(`/start/${meetingId}`)], `meeting ${body}`);
    assert.equal(stack.sim.seen.zakMints(), zaks);
    stack.sim.faults.clear();
  }
});

test('the ZAK and OBF mints: 502 zoom_bad_response, never a 200 without a token', async () => {
  for (const [contentType, body] of BODIES) {
    stack.clock.advance(3601_000);
    stack.sim.faults.garble({ match: { path: /\/token$/ }, body, contentType });
    expectBadResponse([await get(`/zak?token=${CANARY.botToken}`, null), await get(`/obf?meeting_id=${meetingId}&token=${CANARY.botToken}`, null)], `token ${body}`);
    stack.sim.faults.clear();
  }
  const logged = stack.logs.lines().filter((l) => l.msg === 'request failed' && l.code === 'zoom_bad_response');
  assert.ok(logged.length >= BODIES.length * 2, 'each is logged');
});

test('the /v2 passthrough hands an answer it cannot parse on as Zoom sent it', async () => {
  for (const [contentType, body] of BODIES.slice(0, 2)) {
    stack.sim.faults.garble({ match: { kind: 'api' }, body, contentType });
    const res = await get('/v2/users/me');
    assert.deepEqual([res.status, res.text], [200, body]);
    stack.sim.faults.clear();
  }
});
