/**
 * The demo account of `seed: 'demo'`: fixed ids, so the demo banner, the README and the tests can
 * name them. Recordings are dated today (UTC) so the recordings list finds them with its defaults.
 */
import type { ZoomCredentials } from './types.js';
import type { SimState } from './state.js';

/** The credentials demo mode and the tests use by default. Not secret: they only open the simulator. */
export const DEMO_CREDENTIALS: ZoomCredentials = Object.freeze({
  accountId: 'demo-account-0001',
  clientId: 'demoClientId0001',
  clientSecret: 'demo-client-secret-not-a-real-one',
});

export const DEMO = {
  users: {
    /** Host of the scheduled and recurring meetings and of the webinar; `me` is alice. */
    alice: { id: 'aLiCe5qW3RtY7uIoPaS9dG', email: 'alice@example.com' },
    /** Owner of the personal meeting ID meeting whose stored start_url has an invalidated ZAK. */
    bob: { id: 'bOb2xV6nM4qW1eR7tY8uIo', email: 'bob@example.com' },
    /** Alternative host of alice's scheduled meeting. */
    carol: { id: 'cArOl3kL5zX9cV7bN1mQ2w', email: 'carol@example.com' },
    /** The user meeting bots act as. */
    bot: { id: 'bOtUsEr9iU7yT5rE3wQ1aS', email: 'bot@example.com' },
  },
  meetings: {
    /** Scheduled (type 2), alternative host carol, recorded. */
    aliceScheduled: 85012345678,
    /** Recurring with fixed time (type 8), recorded. */
    aliceRecurring: 85087654321,
    /** Bob's PMI (type 4): its start_url carries an unexpired but invalidated ZAK (Sept 2021). */
    bobPmi: 4155550123,
  },
  webinars: { aliceWebinar: 81234567890 },
  recordings: {
    aliceScheduled: {
      /** Contains `//`: must be double-encoded in `/v2/meetings/{uuid}/recordings`. */
      uuid: 'Qm9i//Vm1kN3bWQ0cE9xRw==',
      files: { mp4: 'R3k9TmVvQ1NpbXVsYXRvck1QNDAx', m4a: 'QXVkaW9Pbmx5U2ltdWxhdG9yTTRB', transcript: 'VHJhbnNjcmlwdFNpbXVsYXRvcjAx', cc: 'cc-1' },
      /** Bytes of each file (the demo page shows them beside the download links). */
      sizes: { mp4: 52_428_811, m4a: 6_291_469, transcript: 8_205, cc: 8_193 },
    },
    aliceRecurring: {
      /** Starts with `/`: must be double-encoded too. */
      uuid: '/Xr8pK2fRuGq7Zc1nB0vYw==',
      files: { mp4: 'V2Vla2x5U3luY1NpbXVsYXRvcjAy', chat: 'Q2hhdFNpbXVsYXRvckZpbGUwMDAx', timeline: 'timeline-1' },
    },
  },
} as const;

export function seedDemo(state: SimState, now: number): void {
  const { users, meetings, webinars, recordings } = DEMO;
  state.addUser({ ...users.alice, firstName: 'Alice', lastName: 'Anders', pmi: 3105550199 });
  state.addUser({ ...users.bob, firstName: 'Bob', lastName: 'Brandt', pmi: meetings.bobPmi });
  state.addUser({ ...users.carol, firstName: 'Carol', lastName: 'Castro', pmi: 2125550142 });
  state.addUser({ ...users.bot, firstName: 'Meeting', lastName: 'Bot', pmi: 6465550173 });

  const startOfDay = Math.floor(now / 86_400_000) * 86_400_000;
  const earlier = (ms: number): number => Math.max(startOfDay, now - ms);
  state.addMeeting({
    hostId: users.alice.id, id: meetings.aliceScheduled, uuid: recordings.aliceScheduled.uuid, type: 2,
    topic: 'Quarterly planning', alternativeHosts: [users.carol.email], startTime: earlier(3 * 3_600_000),
  });
  state.addMeeting({
    hostId: users.alice.id, id: meetings.aliceRecurring, uuid: recordings.aliceRecurring.uuid, type: 8,
    topic: 'Weekly sync', startTime: earlier(2 * 3_600_000),
  });
  state.addMeeting({ hostId: users.bob.id, type: 4, topic: "Bob's Personal Meeting Room", startUrlZak: 'invalidated' });
  state.addWebinar({ hostId: users.alice.id, id: webinars.aliceWebinar, topic: 'Product launch', startTime: now + 7 * 86_400_000 });

  const a = recordings.aliceScheduled.files;
  const as = recordings.aliceScheduled.sizes;
  state.addRecording({
    meetingId: meetings.aliceScheduled, startTime: earlier(3 * 3_600_000),
    files: [
      { fileType: 'MP4', id: a.mp4, size: as.mp4 },
      { fileType: 'M4A', id: a.m4a, size: as.m4a },
      { fileType: 'TRANSCRIPT', id: a.transcript, size: as.transcript },
      { fileType: 'CC', id: a.cc, size: as.cc },
    ],
  });
  const r = recordings.aliceRecurring.files;
  state.addRecording({
    meetingId: meetings.aliceRecurring, startTime: earlier(2 * 3_600_000),
    files: [
      { fileType: 'MP4', id: r.mp4, size: 8_388_617 },
      { fileType: 'CHAT', id: r.chat, size: 2_049 },
      { fileType: 'TIMELINE', id: r.timeline, size: 4_099 },
    ],
  });
}
