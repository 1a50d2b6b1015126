/**
 * What the simulator's app sends, and how: any event as given, and `recording.completed` built from
 * a recording (Zoom's docs, "recording.completed"), with a `download_token` of its own and its files
 * on `/rec/webhook_download/`. The account's side of `sim.account(name)`.
 */
import type { SimAccount } from './account.js';
import type { SimWebhookEvent } from './webhook-types.js';
import type { SimulatorAccountWebhooks } from './account-types.js';
import type { RecordingRec } from './state.js';
import { type ViewDeps, recordingJson } from './json-views.js';
import { type Rebuild, WebhookDelivery, type WebhookSender } from './webhook-sender.js';

/** `[?]` Zoom says about 24 hours; receivers should read the JWT's `exp` rather than trust it. */
export const WEBHOOK_DOWNLOAD_TOKEN_TTL = 86_400;

export type WebhookMethods = Omit<SimulatorAccountWebhooks, 'webhooks'>;

/** `payload.account_id` first, as Zoom writes it; other top-level fields after `payload`. */
function eventBody(accountId: string, e: SimWebhookEvent, now: number): Buffer {
  const { event, payload, event_ts: eventTs, ...rest } = e;
  return Buffer.from(JSON.stringify({ event, event_ts: eventTs ?? now, payload: { account_id: accountId, ...payload }, ...rest }));
}

function recordingOf(a: SimAccount, meeting: number | string): RecordingRec {
  const state = a.state;
  const recording = typeof meeting === 'number' || /^\d+$/.test(meeting)
    ? state.latestRecording(Number(meeting))
    : state.recordingByUuid(meeting);
  if (!recording) throw new Error(`simulator: account ${a.name} has no recording of ${meeting}`);
  return recording;
}

export function webhookMethods(a: SimAccount, sender: WebhookSender, clock: () => number): WebhookMethods {
  const accountId = a.credentials.accountId;
  const views = (): ViewDeps => ({ state: a.state, tokens: a.tokens, webUrl: a.servers.main.url, accountId, accountNumber: a.number });

  const recordingCompleted = (recording: RecordingRec, eventTs: number): Rebuild => async (otherHost) => {
    if (otherHost) await a.servers.duplicateWeb.listen();
    const origin = (otherHost ? a.servers.duplicateWeb : a.servers.main).url;
    const host = a.state.meeting(recording.meetingId)?.hostId ?? '';
    const downloadToken = a.tokens.issueWebhookDownloadToken(recording.uuid, host, WEBHOOK_DOWNLOAD_TOKEN_TTL);
    const object = {
      ...recordingJson(views(), recording, (f) => `${origin}/rec/webhook_download/${f.id}`),
      host_email: a.state.user(host)?.email ?? '',
      on_prem: false,
    };
    const body = eventBody(accountId, { event: 'recording.completed', event_ts: eventTs, payload: { object }, download_token: downloadToken }, eventTs);
    return { body, downloadToken };
  };

  return {
    validateWebhookUrl: () => sender.validate(a),
    sendWebhook: async (event, options = {}) => {
      const body = eventBody(accountId, event, clock());
      return sender.send(a, { event: event.event, body, rebuild: () => Promise.resolve({ body }), retryTimestamp: options.retryTimestamp });
    },
    sendRecordingCompleted: async (meeting, options = {}) => {
      const rebuild = recordingCompleted(recordingOf(a, meeting), clock());
      const { body, downloadToken } = await rebuild(false);
      return sender.send(a, { event: 'recording.completed', body, downloadToken, rebuild, retryTimestamp: options.retryTimestamp });
    },
    sendDuplicate: async (of, options = {}) => {
      if (!(of instanceof WebhookDelivery) || of.account !== a.name) throw new Error(`simulator: not a delivery of account ${a.name}`);
      // The same event again: the same bytes, or its links on another host with a token of their own.
      const { body, downloadToken } = options.otherHost ? await of.rebuild(true) : { body: of.body, downloadToken: of.downloadToken };
      return sender.send(a, {
        event: of.event, body, downloadToken, rebuild: of.rebuild, duplicateOf: of, retryTimestamp: options.retryTimestamp ?? of.retryTimestamp,
      });
    },
  };
}
