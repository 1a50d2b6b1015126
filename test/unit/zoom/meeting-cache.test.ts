import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMemoryStore } from '../../../src/store/memory-store.js';
import { createMeetingCache } from '../../../src/zoom/meeting-cache.js';
import type { ZoomMeeting } from '../../../src/zoom/zoom-client.js';
import { buildStartRedirect } from '../../../src/links/start-redirect.js';
import { createManualClock } from '../../helpers/manual-clock.js';

const ACCOUNT = 'default/test';
const HOST_ZAK = 'eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjk5OTk5OTk5OTl9.HOST-ZAK-IN-ZOOMS-ANSWER';

/** A meeting as Zoom answers it: a passcode, and a start URL carrying a ZAK of its host among other parameters. */
const answer = {
  id: 85012345678,
  uuid: 'aDYlohsHRtCd4ii1uC2+hA==',
  host_id: 'KDcuGIm1QgePTO8WbOqwIQ',
  host_email: 'alice@example.com',
  type: 2,
  password: 'secret-passcode',
  start_url: `https://us06web.zoom.us/s/85012345678?zak=${HOST_ZAK}&from=addon&lang=en%20US`,
} as ZoomMeeting;

test("the store keeps what a start link reads of a meeting, not its passcode nor the start URL's ZAK; the redirect is the same", async () => {
  const clock = createManualClock();
  const store = createMemoryStore(clock.now);
  const meetings = createMeetingCache({ lookUp: async () => structuredClone(answer), store, account: ACCOUNT, ttlSeconds: 30 });
  const meeting = await meetings.get('85012345678');
  const stored = store.cache<ZoomMeeting>({ account: ACCOUNT, kind: 'meeting', secret: false, maxEntries: 10 }).peek('85012345678');
  const text = JSON.stringify(stored);
  assert.ok(!text.includes(HOST_ZAK) && !text.includes('secret-passcode'), text);
  assert.deepEqual(meeting, stored);
  const redirect = (startUrl: string | undefined) =>
    buildStartRedirect(startUrl, answer.id, { webUrl: 'https://zoom.us', zak: 'FRESH', startHosts: () => true });
  assert.equal(redirect(meeting.start_url), redirect(answer.start_url));
  assert.deepEqual([meeting.id, meeting.host_id, meeting.host_email], [answer.id, answer.host_id, answer.host_email]);
});

test('one look-up per meeting however many ask at once, reused for ttlSeconds; counted as miss, shared, hit', async () => {
  const clock = createManualClock();
  const seen: string[] = [];
  let lookUps = 0;
  const meetings = createMeetingCache({
    lookUp: async () => {
      lookUps++;
      await new Promise((r) => setTimeout(r, 10));
      return structuredClone(answer);
    },
    store: createMemoryStore(clock.now),
    account: ACCOUNT,
    ttlSeconds: 30,
    onLookup: (result) => seen.push(result),
  });
  await Promise.all([meetings.get('1'), meetings.get('1'), meetings.get('1')]);
  await meetings.get('1');
  assert.equal(lookUps, 1);
  assert.deepEqual(seen.sort(), ['hit', 'miss', 'shared', 'shared']);
  clock.advance(30_001);
  await meetings.get('1');
  assert.equal(lookUps, 2);
});
