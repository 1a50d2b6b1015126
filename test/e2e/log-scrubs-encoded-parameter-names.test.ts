import assert from 'node:assert/strict';
import { test } from 'node:test';
import { call } from '../helpers/passthrough.js';
import { CANARY } from '../helpers/start-stack.js';
import { useAgent } from '../helpers/test-agent.js';
import { useStack } from '../helpers/use-stack.js';

/**
 * Regression: `/zak?%74oken=<the bot token, percent-encoded>` authenticates (the query parser decodes
 * parameter names) and the request's log line carried the whole token, encoded: the scrubber matched
 * `token=` as written only. Now the names are matched decoded, in every spelling.
 */
const agent = useAgent();
const stack = useStack();

/** Every byte as `%XX`. */
const encodeAll = (s: string): string => [...Buffer.from(s)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
const doubled = (encoded: string): string => encoded.replace(/%/g, '%25');
/** The forms a value may take in a log line: as it is, percent-encoded (all of it or as a URL encoder does), encoded twice. */
const formsOf = (value: string): string[] => [value, encodeAll(value), encodeURIComponent(value), doubled(encodeAll(value)), encodeAll(value).toLowerCase()];
/** The first letter of the name percent-encoded, or another letter, or all of them. */
const spellingsOf = (name: string): string[] => [
  `${encodeAll(name.slice(0, 1))}${name.slice(1)}`,
  `${name.slice(0, 1)}${encodeAll(name.slice(1, 2)).toLowerCase()}${name.slice(2)}`,
  encodeAll(name),
  `${encodeAll(name.slice(0, 1).toUpperCase())}${name.slice(1).toUpperCase()}`,
  doubled(encodeAll(name)),
];

function leaksOf(values: string[]): string[] {
  const log = stack.logs.text();
  return values.flatMap((v) => formsOf(v).filter((form) => log.includes(form)).map((form) => `${v} as ${form}`));
}

test('/zak?%74oken=<encoded bot token>: it authenticates, and the token reaches no log line in any form', async () => {
  const res = await call(agent, 'GET', `${stack.url}/zak?%74oken=${encodeAll(CANARY.botToken)}`, { key: null });
  assert.equal(res.status, 200, 'the encoded name is read as token');
  for (const name of spellingsOf('token')) {
    await call(agent, 'GET', `${stack.url}/zak?${name}=${encodeAll(CANARY.botToken)}&bot_uuid=b1`, { key: null });
  }
  assert.ok(stack.logs.lines().some((l) => l.msg === 'request' && String(l.url).includes('bot_uuid=b1')), 'the requests were logged');
  assert.deepEqual(leaksOf([CANARY.botToken]), []);
});

test('every secret parameter name, in every encoded spelling, has its value scrubbed from the request line', async () => {
  const names = ['zak', 'access_token', 'token', 'sig', 'signature', 'download_access_token', 'pwd', 'x-amz-signature', 'x-amz-credential', 'x-amz-security-token', 'x-goog-signature', 'x-goog-credential'];
  const canaries: string[] = [];
  for (const name of names) {
    for (const [i, spelling] of spellingsOf(name).entries()) {
      const canary = `CANARY-${name}-${i}-value-9f2c`;
      canaries.push(canary);
      const res = await call(agent, 'GET', `${stack.url}/zak?${spelling}=${encodeAll(canary)}&exp=1`, { key: CANARY.botToken });
      assert.equal(res.status, 200, `${spelling}: a real /zak request`);
    }
  }
  assert.equal(stack.logs.lines().filter((l) => l.msg === 'request' && l.route !== undefined && String(l.url).includes('exp=1')).length, canaries.length, 'each was logged');
  assert.deepEqual(leaksOf(canaries), []);
});
