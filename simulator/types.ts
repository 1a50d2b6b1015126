/**
 * The simulator's public types. Kept apart from `simulator.ts` so the route modules can use them
 * without importing the wiring; `simulator.ts` re-exports every one (the accounts' and faults' types
 * are in `account-types.ts` and `fault-types.ts`).
 */
import type { SimAccountOptions, SimSeed, SimulatorAccount } from './account-types.js';
import type { SimulatorFaults } from './fault-types.js';
import type { SimRetryTimestamp, SimTimers, SimWebhookDelivery, SimWebhookEndpoint } from './webhook-types.js';

export type { FaultMatch, RateLimitCategory, SimulatorFaults } from './fault-types.js';
export type * from './webhook-types.js';

export interface ZoomCredentials {
  accountId: string;
  clientId: string;
  clientSecret: string;
}

export interface SimulatorOptions {
  /** Host of the main server (OAuth, REST and web share it, told apart by path). Default `127.0.0.1`. */
  host?: string;
  /** Host of the pre-signed CDN that downloads redirect to. Default `127.0.0.2`. */
  cdnHost?: string;
  /** Host outside any allow-list, for redirect tests; it only counts hits. Default `127.0.0.3`. */
  foreignHost?: string;
  /** Port of the main server; default 0. The CDN and foreign servers always take port 0. */
  port?: number;
  /** Epoch milliseconds; every expiry (tokens, ZAKs, CDN signatures, page tokens) uses it. */
  clock?: () => number;
  /**
   * What webhooks wait on: the 3 s answer deadline, the retries and the 72 h revalidation. Default
   * Node's timers (unref'd). Tests pass timers they move together with `clock`.
   */
  timers?: SimTimers;
  /** The event subscription of the first (default) account's app. Default none. */
  webhooks?: SimWebhookEndpoint;
  /** The timestamp a webhook retry carries unless a send says otherwise. Default `'first'`. */
  retryTimestamp?: SimRetryTimestamp;
  /**
   * Host of the second web server a duplicate webhook's `download_url`s may point at (the same files,
   * another host, as from another Zoom data centre); it listens only once needed. Default `127.0.0.4`.
   */
  duplicateHost?: string;
  /** The Server-to-Server OAuth app of the first (default) account. Default `DEMO_CREDENTIALS`. */
  credentials?: ZoomCredentials;
  /** What the first account starts with: `'demo'` (default) the data of `DEMO`; `'empty'` nothing. */
  seed?: SimSeed;
  /**
   * Several Zoom accounts, the first being the default one that `sim.addUser(...)` and the other
   * top-level methods act on. Default: one account named `default`.
   */
  accounts?: readonly SimAccountOptions[];
  /** `expires_in` of minted access tokens. Default 3600, as Zoom. */
  accessTokenTtlSeconds?: number;
  /** Compress JSON answers as the request's `Accept-Encoding` allows (gzip, br, deflate), as Zoom does. Default false. */
  compressJson?: boolean;
  /**
   * Give every entry of the meeting and webinar lists a `start_url`. Zoom's lists leave it out; this
   * is for rewriting tests and the benchmark's 300-meeting list. Default false.
   */
  listStartUrls?: boolean;
  /**
   * How many `seen.requests` are kept; the oldest are dropped beyond it so a long benchmark does
   * not grow without bound. Default 100 000.
   */
  maxSeenRequests?: number;
}

export type MeetingType = 1 | 2 | 3 | 4 | 8;
export type WebinarType = 5 | 6 | 9;
export type StartUrlZak = 'fresh' | 'expired' | 'invalidated' | 'none';

export interface SimUser {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  pmi: number;
}

/** A live record: changes made through the API (PATCH) show here, and tests may edit it. */
export interface SimMeeting {
  id: number;
  uuid: string;
  hostId: string;
  type: number;
  topic: string;
  /** Ids or emails; Zoom keeps emails. */
  alternativeHosts: string[];
  /** What the `start_url` of `GET /v2/meetings/{id}` embeds. */
  startUrlZak: StartUrlZak;
}

export interface SimRecordingFile {
  /** For CC and TIMELINE files, which Zoom lists without an id, this is the `cc-<n>` path token. */
  id: string;
  fileType: string;
  size: number;
  extension: string;
  /**
   * For one participant's own audio track: their name. Such a file is listed in
   * `participant_audio_files` (with this as `file_name`), not in `recording_files`.
   */
  participant?: string;
}

export interface SimRecording {
  meetingId: number;
  /** The meeting instance's UUID. */
  uuid: string;
  files: SimRecordingFile[];
}

export interface AddUserInput {
  id?: string;
  email: string;
  firstName?: string;
  lastName?: string;
  /** Personal meeting ID; random 10 digits by default. */
  pmi?: number;
}

export interface AddMeetingInput {
  /** Id or email of an existing user. */
  hostId: string;
  id?: number;
  uuid?: string;
  type?: MeetingType;
  topic?: string;
  alternativeHosts?: string[];
  startUrlZak?: StartUrlZak;
  /** Epoch ms; default one hour from now. */
  startTime?: number;
}

export interface AddWebinarInput extends Omit<AddMeetingInput, 'type'> {
  /** 5 webinar (default), 6 recurring without fixed time, 9 recurring with fixed time. */
  type?: WebinarType;
}

export interface AddRecordingInput {
  meetingId: number;
  /** Instance UUID; default the meeting's UUID for its first recording, a new one after. */
  uuid?: string;
  /** Epoch ms; default one hour before now. */
  startTime?: number;
  /** `participant`: a participant's own audio track (an M4A), listed in `participant_audio_files`. */
  files: Array<{ fileType: string; size?: number; extension?: string; id?: string; participant?: string }>;
}

export type RequestKind = 'oauth' | 'api' | 'web' | 'cdn' | 'foreign';

export interface SeenRequest {
  server: 'main' | 'cdn' | 'foreign';
  kind: RequestKind;
  method: string;
  /** Exactly as received: percent-encoding untouched, query included. */
  rawPath: string;
  headers: Record<string, string | string[] | undefined>;
  bodyLength: number;
  bodySha256: string;
  /** The injected clock when the request body had been read. */
  at: number;
  /**
   * Name of the account whose credential the request carried: the OAuth app's client id, the Bearer
   * access or download token, the start page's ZAK, the CDN URL's signature. Absent when it carried
   * none the servers know.
   */
  account?: string;
  /**
   * Set once the answer is over: body bytes handed to the socket, and `complete: false` when the
   * connection closed first (a reset fault, or the client going away mid-body). Status 0: reset
   * before any header.
   */
  response?: { status: number; bodyBytes: number; complete: boolean };
  /** Set when the client closed the connection before the answer was complete (a proxy gave up on it). */
  abandoned: boolean;
}

export interface SimulatorRecord {
  /** Successful OAuth token mints. */
  readonly oauthMints: number;
  /** `type=zak` mints (and `/users/me/zak`), for one user (id or email) or in total. */
  zakMints(userIdOrEmail?: string): number;
  readonly obfMints: number;
  /** Token calls without `type` (or `type=token`): the deprecated legacy token. */
  readonly legacyTokenMints: number;
  readonly requests: SeenRequest[];
  readonly foreignHits: number;
  /** CDN requests that carried an Authorization header (each refused with 400). */
  readonly cdnRequestsWithAuthorization: number;
  /** TCP connections the main server (OAuth, API, web) accepted: few for many requests means reuse. */
  readonly connectionsAccepted: number;
  /** Every webhook the accounts' apps sent, URL validations included, with their attempts. */
  readonly webhooks: SimWebhookDelivery[];
  reset(): void;
}

/**
 * The simulator. Its data methods, URLs and `credentials` are those of the first (default) account;
 * `faults` and `seen` cover every account (a rule's `match.account` narrows a fault to one).
 */
export interface ZoomSimulator {
  /** One account by name; without a name, the first. Throws for a name it does not hold. */
  account(name?: string): SimulatorAccount;
  /** Names of the accounts, the default first. */
  readonly accounts: readonly string[];
  readonly oauthUrl: string;
  readonly apiUrl: string;
  readonly webUrl: string;
  readonly cdnUrl: string;
  readonly foreignUrl: string;
  readonly credentials: ZoomCredentials;
  addUser(u: AddUserInput): SimUser;
  addMeeting(m: AddMeetingInput): SimMeeting;
  /** Same shape as a meeting, served under `/v2/webinars`. */
  addWebinar(w: AddWebinarInput): SimMeeting;
  addRecording(r: AddRecordingInput): SimRecording;
  user(idOrEmail: string): SimUser | undefined;
  meeting(id: number | string): SimMeeting | undefined;
  /**
   * What the web start page would do with this ZAK for this meeting, as the browser would see it.
   * An unknown meeting gives `'sign_in_required'` (the page itself answers 404 there).
   */
  checkStartZak(meetingId: number | string, zak: string): 'host' | 'sign_in_required';
  /** sha256 hex of the whole file, or of bytes [start, end] inclusive. */
  fileSha256(fileId: string, range?: { start: number; end: number }): string;
  validateWebhookUrl: SimulatorAccount['validateWebhookUrl'];
  sendWebhook: SimulatorAccount['sendWebhook'];
  sendRecordingCompleted: SimulatorAccount['sendRecordingCompleted'];
  sendDuplicate: SimulatorAccount['sendDuplicate'];
  readonly faults: SimulatorFaults;
  readonly seen: SimulatorRecord;
  /** TCP connections open on the main server now (to tell a pool that leaks from one that is reused or closed). */
  openConnections(): Promise<number>;
  /** Close every server and destroy open sockets; webhook retries are cancelled, attempts in flight aborted. */
  close(): Promise<void>;
}
