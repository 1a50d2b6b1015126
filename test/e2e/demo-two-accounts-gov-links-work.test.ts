import assert from 'node:assert/strict';
import { test } from 'node:test';
import { request } from 'undici';
import { DEMO, DEMO_GOV } from '../../simulator/simulator.js';
import { DEMO_CLIENT_KEY, DEMO_GOV_BOT_TOKEN, DEMO_GOV_CLIENT_KEY } from '../../src/demo/start-demo.js';
import { demoStackForTest, hrefsOf, sectionOf } from '../helpers/demo-stack.js';

const GOV_MEETINGS = [DEMO_GOV.meetings.danaScheduled, DEMO_GOV.meetings.erinScheduled];

async function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  const res = await request(url, { headers }); // undici does not follow redirects
  return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
}

test('demo mode runs two accounts: every gov link of the page and gov curl line of the banner works against the gov account', async (t) => {
  const { url, demo } = await demoStackForTest(t);
  const gov = demo.simulator.account('gov');
  const commercial = demo.simulator.account('commercial');
  /** Every request since `from` was the gov account's (none when a cached token answered). */
  const govOnlySince = (from: number, what: string): void => {
    const seen = demo.simulator.seen.requests.slice(from);
    assert.ok(seen.every((r) => r.account === 'gov'), `${what}: only the gov account's credential`);
  };

  const page = (await get(`${url}/`)).text;
  const section = sectionOf(page, 'gov');
  const hrefs = hrefsOf(section);
  const tried = new Set<string>();

  // Its meetings: signed start links naming gov, landing as host on gov's own web host.
  for (const id of GOV_MEETINGS) {
    const link = hrefs.find((h) => h.startsWith(`${url}/start/${id}?acct=gov&exp=`));
    assert.ok(link, `a gov start link for ${id}`);
    tried.add(link);
    const from = demo.simulator.seen.requests.length;
    const redirect = await get(link);
    assert.equal(redirect.status, 302, `${link} answered ${redirect.status}`);
    const location = new URL(String(redirect.headers.location));
    assert.equal(location.origin, new URL(gov.webUrl).origin, "to gov's web host");
    assert.equal(gov.checkStartZak(id, location.searchParams.get('zak') ?? ''), 'host');
    govOnlySince(from, `start ${id}`);
  }
  // Its recording: each file whole, from gov's hosts.
  const { sizes } = DEMO_GOV.recordings.danaScheduled;
  const downloads = hrefs.filter((h) => h.startsWith(`${url}/download/`));
  assert.equal(downloads.length, Object.keys(sizes).length);
  for (const link of downloads) {
    assert.equal(new URL(link).searchParams.get('acct'), 'gov');
    tried.add(link);
    const from = demo.simulator.seen.requests.length;
    const res = await request(link, { method: 'HEAD' });
    await res.body.dump();
    assert.equal(res.statusCode, 200, link);
    assert.ok((Object.values(sizes) as number[]).includes(Number(res.headers['content-length'])), `size ${String(res.headers['content-length'])}`);
    govOnlySince(from, 'download');
  }
  // Its bot: the ZAK of gov's bot user.
  const zak = hrefs.find((h) => h === `${url}/zak?token=${DEMO_GOV_BOT_TOKEN}`);
  assert.ok(zak, "the gov bot's /zak link");
  tried.add(zak);
  const zakMints = gov.seen.zakMints(DEMO_GOV.users.bot.email);
  assert.equal((await get(zak)).status, 200);
  assert.equal(gov.seen.zakMints(DEMO_GOV.users.bot.email), zakMints + 1);
  assert.deepEqual(hrefs.filter((h) => !tried.has(h)), [], 'no gov link left untried');
  // Its /v2 answers, got with the gov key: gov's meeting, its start_url rewritten into a link naming gov.
  assert.match(section, new RegExp(`GET /v2/meetings/${DEMO_GOV.meetings.danaScheduled}: HTTP 200`));
  assert.match(section, /GET \/v2\/users\/me\/recordings: HTTP 200/);
  assert.ok(section.includes(`&quot;start_url&quot;: &quot;${url}/start/${DEMO_GOV.meetings.danaScheduled}?acct=gov&amp;exp=`));
  assert.ok(section.includes(`Bearer ${DEMO_GOV_CLIENT_KEY}`));

  // The banner's gov lines, run as printed.
  const banner = demo.banner(url);
  assert.match(banner, /Two Zoom accounts/);
  const govLines = banner.split('\n').filter((l) => /^\s*curl /.test(l) && (l.includes('acct=gov') || l.includes(DEMO_GOV_CLIENT_KEY) || l.includes(DEMO_GOV_BOT_TOKEN)));
  assert.ok(govLines.length >= 3, banner);
  for (const line of govLines) {
    const target = /'?(http:\/\/[^\s']+)'?\s*$/.exec(line)?.[1] ?? '';
    const key = /Authorization: Bearer ([^']+)'/.exec(line)?.[1];
    const from = demo.simulator.seen.requests.length;
    const res = await get(target, key === undefined ? {} : { authorization: `Bearer ${key}` });
    if (key !== undefined) assert.ok(gov.seen.requests.length > 0 && demo.simulator.seen.requests.length > from, `${line}: asked of Zoom`);
    assert.ok([200, 302].includes(res.status), `${line} answered ${res.status}`);
    if (res.status === 302) {
      const location = new URL(String(res.headers.location));
      assert.equal(location.origin, new URL(gov.webUrl).origin);
      assert.equal(gov.checkStartZak(DEMO_GOV.meetings.danaScheduled, location.searchParams.get('zak') ?? ''), 'host');
    }
    govOnlySince(from, line);
  }

  // The commercial key cannot reach a gov meeting; a gov link moved to commercial is refused.
  const commercialBefore = commercial.seen.requests.length;
  const bearer = { authorization: `Bearer ${DEMO_CLIENT_KEY}` };
  assert.equal((await get(`${url}/v2/meetings/${DEMO_GOV.meetings.danaScheduled}`, bearer)).status, 404);
  assert.equal((await get(`${url}/start/${DEMO_GOV.meetings.danaScheduled}`, bearer)).status, 404);
  assert.ok(commercial.seen.requests.length > commercialBefore, 'asked of the commercial account, which knows no such meeting');
  const moved = new URL(hrefs.find((h) => h.includes('/start/')) ?? '');
  moved.searchParams.set('acct', 'commercial');
  assert.equal((await get(moved.toString())).status, 403);
  // And the commercial side still serves its own.
  assert.equal((await get(`${url}/v2/meetings/${DEMO.meetings.aliceScheduled}`, bearer)).status, 200);
});
