/**
 * Test helpers (not a test): Zoom's webhook events as Zoom sends them (docs/zoom.md, "Webhooks"):
 * signed bodies, a `recording.completed` with a download token, and the request that posts one.
 */
import { createHmac } from 'node:crypto';
import { request } from 'undici';
import { testAgent } from './test-agent.js';

/** The webhook secrets of the test stacks: canaries, so a test can search every output for them. */
export const WEBHOOK_CANARY = {
  /** The account's Secret Token (Zoom signs with it). */
  secretToken: 'CANARY-zoom-webhook-secret-token-3e7c',
  /** The gov account's. */
  govSecretToken: 'CANARY-gov-webhook-secret-token-1a9f',
  /** A subscriber's Standard Webhooks secret: 32 bytes whose base64 spells the canary. */
  subscriberSecret: `whsec_${Buffer.from('CANARY-subscriber-secret-0c5d-32b').toString('base64')}`,
  otherSubscriberSecret: `whsec_${Buffer.from('CANARY-other-subscriber-secret-9z').toString('base64')}`,
} as const;

/** `x-zm-request-timestamp` and `x-zm-signature` for `body`, as Zoom computes them. */
export function zoomSignatureHeaders(secret: string, body: Buffer, timestampSeconds: number): Record<string, string> {
  const signature = createHmac('sha256', secret).update(`v0:${timestampSeconds}:`).update(body).digest('hex');
  return { 'x-zm-request-timestamp': String(timestampSeconds), 'x-zm-signature': `v0=${signature}` };
}

/** A JWT-shaped download token (Zoom's are JWTs; the proxy reads only `exp`) that expires at `expSeconds`. */
export function downloadTokenJwt(expSeconds: number, marker = 'CANARY-download-token'): string {
  const part = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ exp: expSeconds, jti: marker })}.${Buffer.from(marker).toString('base64url')}`;
}

export interface RecordingEventOptions {
  /** Zoom's web host (the simulator's): the files' `download_url`s are `{webUrl}/rec/webhook_download/{id}`. */
  webUrl: string;
  fileIds: readonly string[];
  downloadToken: string;
  meetingId?: number;
  uuid?: string;
  /** Milliseconds; part of what makes the event this one. */
  eventTs?: number;
}

/**
 * A `recording.completed` laid out as Zoom writes it (indented, non-ASCII in the topic, escapes, the
 * token at the top level beside `event` and `payload`), as bytes.
 */
export function recordingCompleted(options: RecordingEventOptions): Buffer {
  return recordingCompletedParts(options).body;
}

/** recordingCompleted's bytes, and the same bytes without the `download_token` member (written apart, not cut out). */
export function recordingCompletedParts(options: RecordingEventOptions): { body: Buffer; withoutToken: Buffer } {
  const files = options.fileIds.map((id, i) => ({
    id,
    meeting_id: options.uuid ?? 'Qm9i//Vm1kN3bWQ0cE9xRw==',
    file_type: i === 0 ? 'TRANSCRIPT' : 'MP4',
    file_size: 8205,
    play_url: `${options.webUrl}/rec/play/${id}`,
    download_url: `${options.webUrl}/rec/webhook_download/${id}`,
    status: 'completed',
  }));
  const event = {
    event: 'recording.completed',
    event_ts: options.eventTs ?? 1_765_000_000_123,
    payload: {
      account_id: 'test-account',
      object: {
        uuid: options.uuid ?? 'Qm9i//Vm1kN3bWQ0cE9xRw==',
        id: options.meetingId ?? 85012345678,
        host_email: 'alice@example.com',
        topic: 'Réunion d\u2019équipe \u2014 会議 \u{1F3A5} "quoted" \\ back',
        start_time: '2026-12-07T09:00:00Z',
        recording_files: files,
        participant_audio_files: [],
      },
    },
  };
  const withoutToken = JSON.stringify(event, null, 2);
  const body = `${withoutToken.slice(0, -2)},\n  "download_token": ${JSON.stringify(options.downloadToken)}\n}`;
  return { body: Buffer.from(body, 'utf8'), withoutToken: Buffer.from(withoutToken, 'utf8') };
}

/** A plain event of another kind (no files). */
export function meetingEvent(name: string, fields: Record<string, unknown> = {}): Buffer {
  return Buffer.from(JSON.stringify({ event: name, event_ts: 1_765_000_000_456, payload: { account_id: 'test-account', object: { id: 85012345678, ...fields } } }));
}

export interface PostOptions {
  /** The secret to sign with; none: unsigned. */
  secret?: string;
  timestampSeconds: number;
  /** Headers that replace the computed ones (a wrong signature, a missing timestamp...). */
  headers?: Record<string, string | undefined>;
  trackingId?: string;
}

export interface PostAnswer {
  status: number;
  text: string;
  /** The answer parsed as JSON, or undefined. */
  body: unknown;
}

/** Short keep-alive: nothing outlives the test file. */
const agent = testAgent();

/** POSTs `body` to the proxy's webhook route `path`, byte for byte, signed as Zoom signs it. */
export async function postEvent(url: string, path: string, body: Buffer, options: PostOptions): Promise<PostAnswer> {
  const headers: Record<string, string> = {};
  const all: Record<string, string | undefined> = {
    'content-type': 'application/json; charset=utf-8',
    'user-agent': 'Zoom Marketplace/1.0a',
    'x-zm-trackingid': options.trackingId ?? 'v=2.0&clientid=test&rid=tracking-1',
    ...(options.secret === undefined ? {} : zoomSignatureHeaders(options.secret, body, options.timestampSeconds)),
    ...options.headers,
  };
  for (const [name, value] of Object.entries(all)) if (value !== undefined) headers[name] = value;
  const res = await request(`${url}${path}`, { method: 'POST', headers, body, dispatcher: agent });
  const text = await res.body.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.statusCode, text, body: parsed };
}
