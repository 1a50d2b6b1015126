/**
 * The JSON the lean upstream answers, shaped like Zoom's (snake_case, ISO times, a real-looking ZAK
 * in every `start_url`, long `download_url`s) and sized like it: a meeting is ~1 KB, a page of 300
 * meetings ~200 KB. Built once: serving a benchmark must cost the upstream next to nothing.
 */
import { createHmac } from 'node:crypto';

/** The one host every bench meeting belongs to: the cold burst's single ZAK mint is for this user. */
export const BENCH_HOST = { id: 'bEnChHoStUsEr0000000001', email: 'host@bench.example' } as const;

/** The meeting of the small-JSON and hot-start workloads. */
export const BENCH_MEETING_ID = 81234567890;

/** A page of this many meetings is the list workload's body. */
export const LIST_SIZE = 300;

const KEY = Buffer.from('bench-upstream-key-not-a-secret');

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** A JWT with Zoom's ZAK header; the proxy reads `exp` and nothing else (it cannot check the signature). */
export function fakeJwt(claims: Record<string, unknown>): string {
  const input = `${b64url({ typ: 'JWT', sv: '000001', zm_skm: 'zm_o2m', alg: 'HS256' })}.${b64url(claims)}`;
  return `${input}.${createHmac('sha256', KEY).update(input).digest('base64url')}`;
}

/** A host ZAK valid two hours from `nowMs`, as Zoom mints them. */
export function zakFor(user: string, nowMs: number): string {
  const iat = Math.floor(nowMs / 1000);
  return fakeJwt({ aud: 'clientsm', uid: user, iss: 'web', sty: 100, wcd: 'us05', clt: 0, exp: iat + 7200, iat, aid: 'bEnChAcCoUnT' });
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A 22-character Zoom-like id derived from a number, so bodies are the same in every run. */
function zoomId(n: number, salt: string): string {
  return createHmac('sha256', KEY).update(`${salt}:${n}`).digest('base64url').slice(0, 22);
}

function meetingObject(webUrl: string, id: number, zak: string, nowMs: number): Record<string, unknown> {
  const uuid = `${zoomId(id, 'uuid')}==`;
  return {
    uuid,
    id,
    host_id: BENCH_HOST.id,
    host_email: BENCH_HOST.email,
    topic: `Bench meeting ${id}`,
    type: 2,
    status: 'waiting',
    start_time: iso(nowMs + 3_600_000),
    duration: 60,
    timezone: 'UTC',
    agenda: '',
    created_at: iso(nowMs - 86_400_000),
    start_url: `${webUrl}/s/${id}?zak=${zak}`,
    join_url: `${webUrl}/j/${id}?pwd=${zoomId(id, 'pwd')}.1`,
    password: '123456',
    h323_password: '123456',
    pstn_password: '123456',
    encrypted_password: `${zoomId(id, 'pwd')}.1`,
    settings: {
      host_video: false, participant_video: false, join_before_host: false, mute_upon_entry: true,
      waiting_room: true, auto_recording: 'cloud', approval_type: 2, audio: 'both', alternative_hosts: '',
    },
    pre_schedule: false,
  };
}

/** `GET /v2/meetings/{id}`: ~1 KB. */
export function meetingJson(webUrl: string, id: number, zak: string, nowMs: number): string {
  return JSON.stringify(meetingObject(webUrl, id, zak, nowMs));
}

/**
 * `GET /v2/users/{u}/meetings?page_size=300`: one full page, ~200 KB. Each entry carries a
 * `start_url` and the `download_url`s of its last recording, which the proxy must rewrite.
 */
export function meetingListJson(webUrl: string, zak: string, nowMs: number): string {
  const meetings = [];
  for (let i = 0; i < LIST_SIZE; i++) {
    const id = BENCH_MEETING_ID + 1 + i;
    meetings.push({
      uuid: `${zoomId(id, 'uuid')}==`,
      id,
      host_id: BENCH_HOST.id,
      topic: `Bench meeting ${id}`,
      type: 2,
      start_time: iso(nowMs + i * 60_000),
      duration: 30,
      start_url: `${webUrl}/s/${id}?zak=${zak}`,
      join_url: `${webUrl}/j/${id}`,
      recording_files: [{ file_type: 'MP4', download_url: `${webUrl}/rec/download/${zoomId(id, 'dl')}` }],
    });
  }
  return JSON.stringify({ page_size: LIST_SIZE, total_records: LIST_SIZE, next_page_token: '', meetings });
}
