/**
 * The public types of a simulator holding several Zoom accounts. `types.ts` holds the rest; both are
 * re-exported by `simulator.ts`.
 */
import type {
  AddMeetingInput, AddRecordingInput, AddUserInput, AddWebinarInput, SeenRequest, SimMeeting, SimRecording,
  SimulatorFaults, SimUser, ZoomCredentials,
} from './types.js';
import type {
  SendDuplicateOptions, SendWebhookOptions, SimWebhookDelivery, SimWebhookEndpoint, SimWebhookEvent,
} from './webhook-types.js';

/**
 * What an account starts with: `'demo'` the users, meetings and recordings of `DEMO`; `'demo-gov'`
 * those of `DEMO_GOV` (the second account of the two-account demo); `'empty'` nothing. Ids are unique
 * across accounts, so one seed can be held by one account only.
 */
export type SimSeed = 'demo' | 'demo-gov' | 'empty';

export interface SimAccountOptions {
  /** How tests and `sim.account(name)` call it: lower-case letters, digits and `-`, at most 32 characters. */
  name: string;
  /**
   * Its Server-to-Server OAuth app. The first account's default is `SimulatorOptions.credentials`
   * (itself `DEMO_CREDENTIALS` by default); another's is derived from its name
   * (`{name}-account-0001`, `{name}ClientId0001`, `{name}-client-secret-not-a-real-one`).
   * Account ids and client ids must be unique.
   */
  credentials?: ZoomCredentials;
  /** The first account's default is `SimulatorOptions.seed` (`'demo'`); any other's is `'empty'`. */
  seed?: SimSeed;
  /**
   * Its own OAuth, API and web server and its own CDN, as a Zoom for Government account has (other
   * URLs, other download hosts). Default false: it shares the first account's servers, as commercial
   * accounts share Zoom's. A token is only known to the servers of its account.
   */
  ownServers?: boolean;
  /** With `ownServers`: host of its main server (default `SimulatorOptions.host`). */
  host?: string;
  /** With `ownServers`: host of its CDN (default `SimulatorOptions.cdnHost`). */
  cdnHost?: string;
  /** With `ownServers`: port of its main server (default 0). */
  port?: number;
  /**
   * Its app's event subscription (the first account's default is `SimulatorOptions.webhooks`).
   * Default none; `sim.account(name).webhooks` sets it later.
   */
  webhooks?: SimWebhookEndpoint;
}

/** The faults of one account: switches and rules that touch that account's requests and state only. */
export interface SimulatorAccountFaults extends Omit<SimulatorFaults, 'down' | 'up'> {
  /**
   * Stop the account's own main server (with `ownServers` only: taking down servers other accounts
   * share is `sim.faults.down()`).
   */
  down(): Promise<void>;
  up(): Promise<void>;
}

/** What the simulator saw of one account: the requests that carried its credential, and its mints. */
export interface SimulatorAccountRecord {
  readonly oauthMints: number;
  zakMints(userIdOrEmail?: string): number;
  readonly obfMints: number;
  readonly legacyTokenMints: number;
  /** The requests whose `account` is this one (a new array on each read). */
  readonly requests: SeenRequest[];
  /** The webhooks this account's app sent (a new array on each read). */
  readonly webhooks: SimWebhookDelivery[];
}

/** What the account's app sends to its event subscription, as Zoom does. */
export interface SimulatorAccountWebhooks {
  /**
   * The app's event subscription; `undefined`: none, and sending throws. Setting it sends nothing:
   * `validateWebhookUrl()` is Zoom's "Validate" button.
   */
  webhooks: SimWebhookEndpoint | undefined;
  /**
   * A signed `endpoint.url_validation`: true when the endpoint answered `200` with the right
   * `encryptedToken` within 3 s. Once true, Zoom validates again every 72 h (on the timers) while
   * the endpoint stays the same. Each one is in `seen.webhooks`.
   */
  validateWebhookUrl: () => Promise<boolean>;
  /**
   * POST an event signed to the endpoint; resolves once the first attempt is over. A failed attempt
   * (anything but `200`/`204` whole within 3 s) is retried 5, 20 and 60 minutes apart on the timers,
   * then dropped: follow it on the delivery (`attempts`, `state`, `done`).
   */
  sendWebhook: (event: SimWebhookEvent, options?: SendWebhookOptions) => Promise<SimWebhookDelivery>;
  /**
   * Zoom's `recording.completed` for a recording (by meeting id, its latest; or by instance UUID):
   * its files under `recording_files` and `participant_audio_files` with `download_url`s on
   * `/rec/webhook_download/`, and a top-level `download_token` (a JWT good for a day on them).
   */
  sendRecordingCompleted: (meeting: number | string, options?: SendWebhookOptions) => Promise<SimWebhookDelivery>;
  /** The same event sent again, as Zoom sometimes does: a delivery of its own (attempts, retries). */
  sendDuplicate: (of: SimWebhookDelivery, options?: SendDuplicateOptions) => Promise<SimWebhookDelivery>;
}

/** One Zoom account of the simulator: its app, its URLs, its data, its faults, its webhooks and what it saw. */
export interface SimulatorAccount extends SimulatorAccountWebhooks {
  readonly name: string;
  readonly credentials: ZoomCredentials;
  readonly oauthUrl: string;
  readonly apiUrl: string;
  readonly webUrl: string;
  readonly cdnUrl: string;
  addUser: (u: AddUserInput) => SimUser;
  addMeeting: (m: AddMeetingInput) => SimMeeting;
  addWebinar: (w: AddWebinarInput) => SimMeeting;
  addRecording: (r: AddRecordingInput) => SimRecording;
  /** Users, meetings and files of this account only. */
  user: (idOrEmail: string) => SimUser | undefined;
  meeting: (id: number | string) => SimMeeting | undefined;
  checkStartZak: (meetingId: number | string, zak: string) => 'host' | 'sign_in_required';
  fileSha256: (fileId: string, range?: { start: number; end: number }) => string;
  readonly faults: SimulatorAccountFaults;
  readonly seen: SimulatorAccountRecord;
}
