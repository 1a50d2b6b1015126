/**
 * The embedded Zoom simulator: three real HTTP servers on loopback. The main one is Zoom's OAuth,
 * REST API and web host (told apart by path); the CDN is where downloads redirect; the foreign host
 * is outside any allow-list and only counts hits. Used by demo mode, the tests and the benchmark.
 */
import type {
  AddMeetingInput, AddRecordingInput, AddUserInput, AddWebinarInput, RequestKind, SimMeeting, SimRecording,
  SimulatorOptions, SimUser, ZoomCredentials, ZoomSimulator,
} from './types.js';
import { SimState } from './state.js';
import { TokenStore } from './tokens.js';
import { SimRecord } from './record.js';
import { SimFaults } from './faults.js';
import { SimServer } from './sim-server.js';
import { handleOAuth } from './oauth.js';
import { categoryOf, handleApi } from './api-routes.js';
import { handleWeb } from './web-routes.js';
import { handleCdn } from './cdn-server.js';
import { plainText } from './response.js';
import { startVerdict } from './start-verdict.js';
import { fileSha256 } from './file-bytes.js';
import { seedDemo } from './demo-data.js';

export type * from './types.js';
export { DEMO } from './demo-data.js';

/** The credentials demo mode and the tests use by default. Not secret: they only open the simulator. */
export const DEMO_CREDENTIALS: ZoomCredentials = Object.freeze({
  accountId: 'demo-account-0001',
  clientId: 'demoClientId0001',
  clientSecret: 'demo-client-secret-not-a-real-one',
});

const DEFAULTS = {
  host: '127.0.0.1',
  cdnHost: '127.0.0.2',
  foreignHost: '127.0.0.3',
  port: 0,
  accessTokenTtlSeconds: 3600,
  maxSeenRequests: 100_000,
} as const;

function mainKindOf(path: string): RequestKind {
  if (path === '/oauth' || path.startsWith('/oauth/')) return 'oauth';
  if (path === '/v2' || path.startsWith('/v2/')) return 'api';
  return 'web';
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<ZoomSimulator> {
  const clock = options.clock ?? Date.now;
  const credentials = { ...(options.credentials ?? DEMO_CREDENTIALS) };
  const ttlSeconds = options.accessTokenTtlSeconds ?? DEFAULTS.accessTokenTtlSeconds;
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1) throw new RangeError('simulator: accessTokenTtlSeconds must be a positive integer');

  const state = new SimState(clock);
  const tokens = new TokenStore(clock, credentials.accountId);
  const record = new SimRecord((u) => state.user(u)?.id, options.maxSeenRequests ?? DEFAULTS.maxSeenRequests);
  const faults = new SimFaults(state, tokens, clock, { down: () => main.close(), up: () => main.listen() });
  if ((options.seed ?? 'demo') === 'demo') seedDemo(state, clock());

  const common = { record, faults, clock };
  const views = () => ({ state, tokens, webUrl: main.url, accountId: credentials.accountId, listStartUrls: options.listStartUrls ?? false });
  const main: SimServer = new SimServer({
    ...common,
    name: 'main',
    compressJson: options.compressJson ?? false,
    kindOf: mainKindOf,
    categoryOf: (req) => (req.kind === 'api' ? categoryOf(req) : undefined),
    route: (req) => {
      if (req.kind === 'oauth') {
        return handleOAuth({
          credentials, tokens, record, ttlSeconds, apiOrigin: main.url,
          credentialsRejected: () => faults.credentialsRejected,
        }, req);
      }
      if (req.kind === 'api') return handleApi({ ...views(), record, clock }, req);
      return handleWeb({ state, tokens, faults, clock, cdnUrl: () => cdn.url, foreignUrl: () => foreign.url }, req);
    },
  }, options.host ?? DEFAULTS.host, options.port ?? DEFAULTS.port);
  const cdn = new SimServer({
    ...common, name: 'cdn', kindOf: () => 'cdn',
    route: (req) => handleCdn({ state, record, secret: tokens.secret, clock }, req),
  }, options.cdnHost ?? DEFAULTS.cdnHost, 0);
  const foreign = new SimServer({
    ...common, name: 'foreign', kindOf: () => 'foreign',
    route: () => {
      record.foreignHits += 1;
      return plainText(200, 'foreign');
    },
  }, options.foreignHost ?? DEFAULTS.foreignHost, 0);

  const servers = [main, cdn, foreign];
  try {
    for (const s of servers) await s.listen();
  } catch (err) {
    await Promise.all(servers.map((s) => s.close()));
    throw err;
  }

  return {
    oauthUrl: `${main.url}/oauth/token`,
    apiUrl: `${main.url}/v2`,
    webUrl: main.url,
    cdnUrl: cdn.url,
    foreignUrl: foreign.url,
    credentials,
    addUser: (u: AddUserInput): SimUser => state.addUser(u),
    addMeeting: (m: AddMeetingInput): SimMeeting => state.addMeeting(m),
    addWebinar: (w: AddWebinarInput): SimMeeting => state.addWebinar(w),
    addRecording: (r: AddRecordingInput): SimRecording => state.addRecording(r),
    user: (idOrEmail) => state.user(idOrEmail),
    meeting: (id) => state.meeting(id),
    checkStartZak: (meetingId, zak) => (startVerdict(state, tokens, meetingId, zak) === 'host' ? 'host' : 'sign_in_required'),
    fileSha256: (fileId, range) => {
      const file = state.files.get(fileId);
      if (!file) throw new Error(`simulator: no file ${fileId}`);
      return fileSha256(file, range);
    },
    faults,
    seen: record,
    openConnections: () => main.openConnections(),
    close: async () => {
      await Promise.all(servers.map((s) => s.close()));
    },
  };
}
