/**
 * The embedded Zoom simulator: real HTTP servers on loopback. The main one is Zoom's OAuth, REST
 * API and web host (told apart by path); the CDN is where downloads redirect; the foreign host is
 * outside any allow-list and only counts hits. It holds one Zoom account or several: accounts share
 * the main server and CDN (commercial Zoom) unless one has servers of its own (Zoom for
 * Government). Each account's app can send webhooks to an endpoint, as Zoom does. Used by demo
 * mode, the tests and the benchmark.
 */
import type { RequestKind, SimTimers, SimulatorOptions, ZoomSimulator } from './types.js';
import type { SimulatorAccount } from './account-types.js';
import type { SimState } from './state.js';
import { type AccountServers, SimAccount } from './account.js';
import { type AccountSpec, accountSpecs } from './account-options.js';
import { accountHandle } from './account-handle.js';
import { SimRecord } from './record.js';
import { SimFaults } from './faults.js';
import { FaultSwitches } from './fault-switches.js';
import { type SimServerDeps, SimServer } from './sim-server.js';
import { WebhookSender } from './webhook-sender.js';
import { webhookMethods } from './webhook-methods.js';
import { handleOAuth } from './oauth.js';
import { categoryOf, handleApi } from './api-routes.js';
import { handleWeb } from './web-routes.js';
import { handleCdn } from './cdn-server.js';
import { accountOfCdnRequest, accountOfMainRequest } from './request-account.js';
import { plainText } from './response.js';
import { seedDemo } from './demo-data.js';
import { seedDemoGov } from './demo-gov-data.js';

export type * from './types.js';
export type * from './account-types.js';
export { DEMO, DEMO_CREDENTIALS } from './demo-data.js';
export { DEMO_ACCOUNTS, DEMO_GOV, DEMO_GOV_CREDENTIALS } from './demo-gov-data.js';

const DEFAULTS = {
  host: '127.0.0.1',
  cdnHost: '127.0.0.2',
  foreignHost: '127.0.0.3',
  duplicateHost: '127.0.0.4',
  port: 0,
  accessTokenTtlSeconds: 3600,
  maxSeenRequests: 100_000,
} as const;

/** Node's timers, unref'd: a retry due in an hour keeps no process alive. */
const NODE_TIMERS: SimTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** Zoom's `account_number` of the first account; the next ones count up. */
const FIRST_ACCOUNT_NUMBER = 100_000_001;

function mainKindOf(path: string): RequestKind {
  if (path === '/oauth' || path.startsWith('/oauth/')) return 'oauth';
  if (path === '/v2' || path.startsWith('/v2/')) return 'api';
  return 'web';
}

/** The accounts that share servers: the first account's group, then one group per account with its own. */
function groupsOf(specs: AccountSpec[], accounts: SimAccount[]): Array<{ spec: AccountSpec; members: SimAccount[] }> {
  const groups: Array<{ spec: AccountSpec; members: SimAccount[] }> = [];
  let shared: SimAccount[] | undefined;
  specs.forEach((spec, i) => {
    const account = accounts[i] as SimAccount;
    if (!spec.ownServers && shared) return void shared.push(account);
    const members = [account];
    if (!spec.ownServers) shared = members;
    groups.push({ spec, members });
  });
  return groups;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<ZoomSimulator> {
  const clock = options.clock ?? Date.now;
  const ttlSeconds = options.accessTokenTtlSeconds ?? DEFAULTS.accessTokenTtlSeconds;
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1) throw new RangeError('simulator: accessTokenTtlSeconds must be a positive integer');
  const specs = accountSpecs(options);

  const peers: SimState[] = [];
  const accounts = specs.map((s, i) => new SimAccount(s.name, s.credentials, FIRST_ACCOUNT_NUMBER + i, clock, peers));
  specs.forEach((s, i) => ((accounts[i] as SimAccount).webhooks = s.webhooks));
  const resolveUserId = (idOrEmail: string): string | undefined => {
    for (const a of accounts) {
      const id = a.state.user(idOrEmail)?.id;
      if (id !== undefined) return id;
    }
    return undefined;
  };
  const record = new SimRecord(resolveUserId, options.maxSeenRequests ?? DEFAULTS.maxSeenRequests);
  const core = new SimFaults(clock);
  const sender = new WebhookSender({ clock, timers: options.timers ?? NODE_TIMERS, record, retryTimestamp: options.retryTimestamp ?? 'first' });
  specs.forEach((s, i) => {
    const state = (accounts[i] as SimAccount).state;
    if (s.seed === 'demo') seedDemo(state, clock());
    else if (s.seed === 'demo-gov') seedDemoGov(state, clock());
  });

  const common = { record, faults: core, clock };
  const foreign = new SimServer({
    ...common, name: 'foreign', kindOf: () => 'foreign',
    route: () => {
      record.foreignHits += 1;
      return plainText(200, 'foreign');
    },
  }, options.foreignHost ?? DEFAULTS.foreignHost, 0);

  const serversOf = (members: SimAccount[], first: boolean, spec: AccountSpec): AccountServers => {
    const mainDeps: SimServerDeps = {
      ...common,
      name: 'main',
      compressJson: options.compressJson ?? false,
      kindOf: mainKindOf,
      categoryOf: (req) => (req.kind === 'api' ? categoryOf(req) : undefined),
      accountOf: (req) => accountOfMainRequest(members, req)?.name,
      route: (req) => {
        if (req.kind === 'oauth') {
          return handleOAuth({
            accounts: members, record, ttlSeconds, apiOrigin: main.url,
            credentialsRejected: (name) => core.credentialsRejected(name),
          }, req);
        }
        if (req.kind === 'api') {
          return handleApi({
            accounts: members,
            depsOf: (a) => ({
              account: a.name, state: a.state, tokens: a.tokens, webUrl: main.url, accountId: a.credentials.accountId,
              accountNumber: a.number, listStartUrls: options.listStartUrls ?? false, record, clock,
            }),
          }, req);
        }
        return handleWeb({ accounts: members, faults: core, clock, cdnUrl: () => cdn.url, foreignUrl: () => foreign.url }, req);
      },
    };
    const main = new SimServer(mainDeps, spec.host ?? options.host ?? DEFAULTS.host, spec.port ?? (first ? options.port ?? DEFAULTS.port : 0));
    const duplicateWeb = new SimServer(mainDeps, options.duplicateHost ?? DEFAULTS.duplicateHost, 0);
    const cdn = new SimServer({
      ...common, name: 'cdn', kindOf: () => 'cdn',
      accountOf: (req) => accountOfCdnRequest(members, req, clock())?.name,
      route: (req) => handleCdn({ accounts: members, record, clock }, req),
    }, spec.cdnHost ?? options.cdnHost ?? DEFAULTS.cdnHost, 0);
    return { main, cdn, duplicateWeb, own: members.length === 1 && spec.ownServers };
  };
  const groups = groupsOf(specs, accounts).map(({ spec, members }, i) => {
    const servers = serversOf(members, i === 0, spec);
    for (const a of members) a.servers = servers;
    return servers;
  });

  const servers = [...groups.flatMap((g) => [g.main, g.cdn]), foreign];
  // The duplicate web servers listen once a duplicate needs them; closing covers them too.
  const allServers = [...servers, ...groups.map((g) => g.duplicateWeb)];
  try {
    for (const s of servers) await s.listen();
  } catch (err) {
    await Promise.all(allServers.map((s) => s.close()));
    throw err;
  }

  const faults = new FaultSwitches(core, accounts);
  const handles = new Map<string, SimulatorAccount>(
    accounts.map((a) => [
      a.name,
      accountHandle(a, new FaultSwitches(core, accounts, a), record.forAccount(a.name), webhookMethods(a, sender, clock)),
    ]),
  );
  const first = handles.get(accounts[0]?.name ?? '') as SimulatorAccount;
  const firstServers = groups[0] as AccountServers;

  return {
    account: (name) => {
      const handle = name === undefined ? first : handles.get(name);
      if (!handle) throw new Error(`simulator: no account ${name}; it holds ${[...handles.keys()].join(', ')}`);
      return handle;
    },
    accounts: Object.freeze([...handles.keys()]),
    oauthUrl: first.oauthUrl,
    apiUrl: first.apiUrl,
    webUrl: first.webUrl,
    cdnUrl: first.cdnUrl,
    foreignUrl: foreign.url,
    credentials: first.credentials,
    addUser: first.addUser,
    addMeeting: first.addMeeting,
    addWebinar: first.addWebinar,
    addRecording: first.addRecording,
    user: first.user,
    meeting: first.meeting,
    checkStartZak: first.checkStartZak,
    fileSha256: first.fileSha256,
    validateWebhookUrl: first.validateWebhookUrl,
    sendWebhook: first.sendWebhook,
    sendRecordingCompleted: first.sendRecordingCompleted,
    sendDuplicate: first.sendDuplicate,
    faults,
    seen: record,
    openConnections: () => firstServers.main.openConnections(),
    close: async () => {
      sender.close();
      await Promise.all(allServers.map((s) => s.close()));
    },
  };
}
