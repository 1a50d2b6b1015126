import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { test } from 'node:test';
import { DEMO } from '../../simulator/simulator.js';
import { addRecordingFiles, download, signedLink, zoomDownloadUrl } from '../helpers/download-client.js';
import { call, eventually, viaProxy } from '../helpers/passthrough.js';
import { CANARY } from '../helpers/start-stack.js';
import { useAgent } from '../helpers/test-agent.js';
import { useStack } from '../helpers/use-stack.js';

/**
 * Every flow of the product at log level debug, with canary values for the client keys, the bot
 * token, the link secret and the OAuth secret, and every token the simulator issues gathered on the
 * way (access tokens, ZAKs, OBF tokens, the CDN's signed query, the signatures of the links handed
 * out). The last test fails if any of them shows up where it must not: a log line, a header (but the
 * start redirect's Location), an error body, the metrics. The legitimate payloads are the bot-token
 * bodies, the Location, the files' bytes, and the bodies that hand out links (which may carry `sig`
 * values, never a ZAK or a Zoom token). Config errors are the unit test secret-canary's business.
 */

/** What a caller saw of one answer. */
interface Seen {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** Where a secret may legitimately be: in the body (which kind) or in the Location header. */
type Legit = 'none' | 'token-body' | 'link-body' | 'file-body' | 'location';

/** A JWT anywhere: ZAKs and OBF tokens are JWTs, including the stale ones in Zoom's stored start_urls. */
const JWT = /eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/;

const agent = useAgent();
const exposed: string[] = []; // headers and bodies where no secret at all may appear
const linkBodies: string[] = []; // bodies that hand out links: `sig` values allowed, nothing else
const issued = new Set<string>(); // Zoom-issued tokens and link signatures seen on the way
const sigs = new Set<string>();

function remember(answer: Seen, legit: Legit = 'none'): Seen {
  const headers = { ...answer.headers };
  if (legit === 'location') {
    const zak = new URL(String(headers.location)).searchParams.get('zak');
    if (zak) issued.add(zak);
    delete headers.location;
  }
  exposed.push(JSON.stringify(headers));
  if (legit === 'token-body') issued.add(answer.text);
  else if (legit === 'link-body') {
    linkBodies.push(answer.text);
    for (const m of answer.text.matchAll(/[?&]sig=([\w-]+)/g)) sigs.add(m[1] as string);
  } else if (legit !== 'file-body') exposed.push(answer.text);
  return answer;
}

const get = (path: string, key: string | null, headers: Record<string, string> = {}): Promise<Seen> =>
  call(agent, 'GET', `${stack.url}${path}`, { key, headers });

const stack = useStack({ logLevel: 'debug', simulator: { compressJson: true, listStartUrls: true }, configure: (c) => (c.zoom.timeoutSeconds = 0.5) });

test('start links: by client key, JSON, signed, and refused', async () => {
  const meeting = DEMO.meetings.aliceScheduled;
  const json = remember(await get(`/start/${meeting}`, CANARY.clientKey, { accept: 'application/json' }), 'link-body');
  const link = new URL((JSON.parse(json.text) as { start_url: string }).start_url);
  remember(await get(`${link.pathname}${link.search}`, null), 'location');
  remember(await get(`/start/${DEMO.meetings.bobPmi}`, CANARY.clientKey), 'location');
  remember(await get(`/start/${meeting}?exp=${link.searchParams.get('exp')}&sig=${link.searchParams.get('sig')}x`, null));
  remember(await get(`/start/${DEMO.meetings.bobPmi}${link.search}`, null, { accept: 'text/html' }));
  remember(await get(`/start/${meeting}`, `${CANARY.clientKey}x`));
  remember(await get(`/start/${DEMO.meetings.bobPmi}`, CANARY.scopedKey));
  remember(await get(`/start/${meeting}?zak=${CANARY.linkSecret}&access_token=${CANARY.clientSecret}`, null));
  stack.clock.advance(31_000); // past the meeting look-up cache: the failures below reach Zoom
  stack.sim.faults.fail({ match: { kind: 'api' }, status: 500, count: 1 });
  remember(await get(`/start/${meeting}`, CANARY.clientKey));
});

test('bot tokens: /zak and /obf, good and refused', async () => {
  remember(await get(`/zak?token=${CANARY.botToken}&bot_uuid=b1`, null), 'token-body');
  remember(await get('/zak', CANARY.botToken), 'token-body');
  remember(await get(`/obf?meeting_id=${DEMO.meetings.aliceScheduled}`, CANARY.botToken), 'token-body');
  remember(await get(`/zak?token=${CANARY.clientKey}`, null, { accept: 'text/html' }));
  remember(await get(`/zak?token=${CANARY.botToken}x`, null));
  remember(await get('/obf', CANARY.botToken));
  stack.sim.faults.delay({ match: { path: /\/token$/ }, headersMs: 1_000, count: 1 });
  remember(await get(`/obf?meeting_id=${DEMO.meetings.aliceScheduled}&token=${CANARY.botToken}`, null));
});

test('the /v2 passthrough: rewritten answers, refusals, Zoom errors, a 124 replay, a 429, Zoom slow and down, a client that gives up', async () => {
  const { alice } = DEMO.users;
  remember(await viaProxy(stack, agent, 'GET', `/meetings/${DEMO.meetings.aliceScheduled}?zak=${CANARY.linkSecret}&access_token=${CANARY.botToken}`), 'link-body');
  remember(await viaProxy(stack, agent, 'GET', `/users/${alice.id}/meetings`), 'link-body');
  remember(await viaProxy(stack, agent, 'GET', `/users/${alice.id}/recordings`, { headers: { 'accept-encoding': 'identity' } }), 'link-body');
  remember(await viaProxy(stack, agent, 'GET', `/meetings/${DEMO.meetings.bobPmi}`, { key: CANARY.scopedKey }));
  remember(await viaProxy(stack, agent, 'GET', '/users/me', { key: `${CANARY.clientKey}x` }));
  remember(await viaProxy(stack, agent, 'GET', '/users/me', { key: CANARY.botToken, headers: { accept: 'text/html' } }));
  remember(await viaProxy(stack, agent, 'GET', `/users/me?token=${CANARY.scopedKey}`, { key: null }));
  remember(await viaProxy(stack, agent, 'GET', '/meetings/1'));
  stack.sim.faults.fail({ match: { kind: 'api' }, status: 403, code: 4711, count: 1 });
  remember(await viaProxy(stack, agent, 'GET', `/users/${alice.id}`));
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
  await eventually(() => stack.sim.seen.requests.at(-1)?.rawPath === `/v2/users/${alice.id}`, 'reached Zoom');
  req.destroy();
  await stack.sim.faults.down();
  try {
    remember(await viaProxy(stack, agent, 'GET', `/users/${alice.id}`));
  } finally {
    await stack.sim.faults.up();
  }
});

test('downloads: signed and drop-in, resumed, denied, redirected away, refused', async () => {
  const [fileId, deniedId, foreignId] = addRecordingFiles(stack, { fileType: 'MP4', size: 3_000_000 }, { fileType: 'M4A', size: 1000 }, { fileType: 'M4A', size: 1000 });
  const links = [signedLink(stack, fileId), signedLink(stack, deniedId), signedLink(stack, foreignId)];
  for (const link of links) sigs.add(new URL(link).searchParams.get('sig') ?? '');
  const clientZak = 'eyJhbGciOiJIUzI1NiJ9.eyJjYW5hcnkiOiJ6YWsifQ.CANARY-client-zak';
  const clientToken = 'CANARY-client-query-access-token-91c2';
  issued.add(clientZak).add(clientToken);
  const key = { authorization: `Bearer ${CANARY.clientKey}` };

  remember(await download(links[0]!, { agent }), 'file-body');
  remember(await download(links[0]!, { agent, method: 'HEAD' }));
  remember(await download(links[0]!, { agent, headers: { range: 'bytes=10-20' } }), 'file-body');
  stack.sim.faults.reset({ match: { kind: 'cdn' }, afterBytes: 1_000_000, count: 1 });
  remember(await download(links[0]!, { agent }), 'file-body'); // resumed
  stack.sim.faults.reset({ match: { kind: 'cdn' }, afterBytes: 100_000, count: 10 });
  remember(await download(links[0]!, { agent }), 'file-body'); // broken off after the resumes
  stack.sim.faults.clear();
  stack.sim.faults.denyFile(deniedId);
  stack.sim.faults.redirectForeign(foreignId);
  stack.sim.faults.invalidateAccessTokens();
  remember(await download(links[0]!, { agent }), 'file-body');
  remember(await download(links[1]!, { agent }));
  remember(await download(links[1]!, { agent, headers: { accept: 'text/html' } }));
  remember(await download(links[2]!, { agent }));
  remember(await download(`${links[0]!}x`, { agent }));
  remember(await download(`${stack.url}/rec/download/${fileId}?zak=${clientZak}&access_token=${clientToken}`, { agent, headers: key }), 'file-body');
  remember(await download(`${stack.url}/rec/download/${deniedId}?access_token=${clientToken}`, { agent, headers: key }));
  remember(await download(`${stack.url}/rec/download/${fileId}?zak=${clientZak}`, { agent, headers: { authorization: `Bearer ${CANARY.scopedKey}` } }));
  remember(await download(`${stack.url}/rec/download/${fileId}?zak=${clientZak}`, { agent, headers: { authorization: `Bearer ${CANARY.clientKey}x` } }));
  stack.sim.faults.clear();
  assert.ok(zoomDownloadUrl(stack, fileId).startsWith(stack.sim.webUrl));
});

test('operations: health, readiness (ready and not), metrics', async () => {
  remember(await get('/healthz', null));
  remember(await get('/readyz', null));
  stack.sim.faults.rejectCredentials(true);
  stack.clock.advance(3601_000); // the held token has expired and none can be minted
  remember(await get('/readyz', null));
  remember(await get(`/zak?token=${CANARY.botToken}`, null));
  stack.sim.faults.rejectCredentials(false);
  remember(await get('/readyz', null));
  remember(await get('/metrics', null));
});

test('no canary and no Zoom-issued token reaches a log line, a header, an error body or the metrics; link bodies carry only signatures', () => {
  for (const r of stack.sim.seen.requests) {
    const auth = r.headers.authorization;
    if (typeof auth === 'string' && auth.startsWith('Bearer ')) issued.add(auth.slice(7));
    if (r.kind === 'cdn') issued.add(new URLSearchParams(r.rawPath.split('?')[1] ?? '').get('signature') ?? '');
  }
  issued.delete('');
  sigs.delete('');
  assert.ok(issued.size >= 10, `access tokens, ZAKs, OBF tokens and CDN signatures were gathered (${issued.size})`);
  assert.ok(sigs.size >= 5, 'start and download links were handed out');
  assert.ok(stack.logs.lines().length > 40, 'the flows were logged');

  const logText = stack.logs.text();
  const everywhere = [logText, ...exposed];
  for (const secret of [...Object.values(CANARY), ...issued]) {
    for (const text of [...everywhere, ...linkBodies]) assert.ok(!text.includes(secret), `a secret got out: ${secret.slice(0, 12)}… in ${text.slice(0, 200)}`);
  }
  for (const sig of sigs) for (const text of everywhere) assert.ok(!text.includes(sig), `a link signature got out: ${sig.slice(0, 8)}… in ${text.slice(0, 200)}`);
  for (const text of [...everywhere, ...linkBodies]) assert.doesNotMatch(text, JWT, 'a ZAK-shaped JWT got out');
  assert.doesNotMatch(logText, /signature=(?!\[redacted\])/, 'no CDN signature, even one not gathered here');
});
