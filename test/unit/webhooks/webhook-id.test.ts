import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseEvent } from '../../../src/webhooks/parse-event.js';
import { webhookIdOf } from '../../../src/webhooks/webhook-id.js';
import { downloadTokenJwt, recordingCompleted } from '../../helpers/zoom-event.js';

const idOf = (json: string | Buffer, account = 'default'): string => webhookIdOf(account, parseEvent(Buffer.isBuffer(json) ? json : Buffer.from(json)));
const event = (overrides: { webUrl?: string; token?: string; eventTs?: number; fileIds?: string[] } = {}): Buffer =>
  recordingCompleted({
    webUrl: overrides.webUrl ?? 'https://zoom.us',
    fileIds: overrides.fileIds ?? ['f1', 'f2'],
    downloadToken: overrides.token ?? downloadTokenJwt(1_900_000_000),
    ...(overrides.eventTs === undefined ? {} : { eventTs: overrides.eventTs }),
  });

test('webhook-id: msg_ and a base64url SHA-256, the same for the same bytes (a retry)', () => {
  assert.match(idOf(event()), /^msg_[\w-]{43}$/);
  assert.equal(idOf(event()), idOf(event()));
});

test("webhook-id: the same for Zoom's duplicates (another download host and token), and for another layout or key order", () => {
  assert.equal(idOf(event({ webUrl: 'https://us06web.zoom.us', token: downloadTokenJwt(1_900_000_500, 'other') })), idOf(event()));
  const compact = JSON.stringify(JSON.parse(event().toString('utf8')));
  assert.equal(idOf(compact), idOf(event()));
  const reordered = JSON.parse(compact) as Record<string, unknown>;
  const { event: name, ...rest } = reordered;
  assert.equal(idOf(JSON.stringify({ ...rest, event: name })), idOf(event()));
});

test('webhook-id: another event, another file, another account: another id', () => {
  const base = idOf(event());
  assert.notEqual(idOf(event({ eventTs: 1_765_000_000_124 })), base);
  assert.notEqual(idOf(event({ fileIds: ['f1', 'f3'] })), base);
  assert.notEqual(idOf(event(), 'gov'), base);
  const joined = (user: string): string => JSON.stringify({ event: 'meeting.participant_joined', event_ts: 5, payload: { object: { id: 1, participant: { user_id: user } } } });
  assert.notEqual(idOf(joined('a')), idOf(joined('b')));
});

test('webhook-id: a download_token nested in the event is left out too (it differs between duplicates as the top-level one does)', () => {
  const nested = (token: string): string => JSON.stringify({ event: 'recording.completed', event_ts: 5, payload: { object: { id: 1, download_token: token } } });
  assert.equal(idOf(nested('a')), idOf(nested('b')));
});
