/**
 * The second account of the two-account demo (`DEMO_ACCOUNTS`): a Zoom for Government account with
 * its own app and servers beside the commercial one (`DEMO`). Fixed ids, none shared with `DEMO`,
 * and recordings dated today (UTC), as there.
 */
import type { ZoomCredentials } from './types.js';
import type { SimAccountOptions } from './account-types.js';
import type { SimState } from './state.js';
import { DEMO_CREDENTIALS } from './demo-data.js';

/** The gov account's app. Not secret: it only opens the simulator. */
export const DEMO_GOV_CREDENTIALS: ZoomCredentials = Object.freeze({
  accountId: 'demo-gov-account-0001',
  clientId: 'demoGovClientId0001',
  clientSecret: 'demo-gov-client-secret-not-a-real-one',
});

export const DEMO_GOV = {
  users: {
    /** Host of the recorded meeting; `me` of the gov account. */
    dana: { id: 'dAnA4hG8jK2lM6nB0vC3xZ', email: 'dana@agency.example' },
    /** Host of the second meeting, alternative host of dana's. */
    erin: { id: 'eRiN6tY4uI2oP8aS0dF5gH', email: 'erin@agency.example' },
    /** The user the gov account's meeting bots act as. */
    bot: { id: 'gOvBoT7yH5gF3dS1aQ9wEr', email: 'bot@agency.example' },
  },
  meetings: {
    /** Scheduled (type 2), alternative host erin, recorded. */
    danaScheduled: 86012345678,
    /** Scheduled (type 2), not recorded. */
    erinScheduled: 86087654321,
  },
  recordings: {
    danaScheduled: {
      uuid: 'R292Q2xvdWRNZWV0aW5nMQ==',
      files: { mp4: 'R292TXA0U2ltdWxhdG9yRmlsZTAx', transcript: 'R292VHJhbnNjcmlwdFNpbXVsYXRvcjAx' },
      sizes: { mp4: 16_777_259, transcript: 6_151 },
    },
  },
} as const;

/**
 * `startSimulator({ accounts: DEMO_ACCOUNTS })`: "commercial" holds `DEMO` with `DEMO_CREDENTIALS`;
 * "gov" holds `DEMO_GOV` with `DEMO_GOV_CREDENTIALS` on servers of its own, as Zoom for Government.
 */
export const DEMO_ACCOUNTS: readonly SimAccountOptions[] = Object.freeze([
  Object.freeze({ name: 'commercial', credentials: DEMO_CREDENTIALS, seed: 'demo' as const }),
  Object.freeze({ name: 'gov', credentials: DEMO_GOV_CREDENTIALS, seed: 'demo-gov' as const, ownServers: true }),
]);

export function seedDemoGov(state: SimState, now: number): void {
  const { users, meetings, recordings } = DEMO_GOV;
  state.addUser({ ...users.dana, firstName: 'Dana', lastName: 'Diaz', pmi: 2025550111 });
  state.addUser({ ...users.erin, firstName: 'Erin', lastName: 'Ellis', pmi: 2025550122 });
  state.addUser({ ...users.bot, firstName: 'Gov Meeting', lastName: 'Bot', pmi: 2025550133 });

  const startOfDay = Math.floor(now / 86_400_000) * 86_400_000;
  const earlier = Math.max(startOfDay, now - 2 * 3_600_000);
  state.addMeeting({
    hostId: users.dana.id, id: meetings.danaScheduled, uuid: recordings.danaScheduled.uuid, type: 2,
    topic: 'Agency briefing', alternativeHosts: [users.erin.email], startTime: earlier,
  });
  state.addMeeting({ hostId: users.erin.id, id: meetings.erinScheduled, type: 2, topic: 'Procurement review' });

  const { files, sizes } = recordings.danaScheduled;
  state.addRecording({
    meetingId: meetings.danaScheduled, startTime: earlier,
    files: [
      { fileType: 'MP4', id: files.mp4, size: sizes.mp4 },
      { fileType: 'TRANSCRIPT', id: files.transcript, size: sizes.transcript },
    ],
  });
}
