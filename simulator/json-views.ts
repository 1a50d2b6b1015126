/**
 * How Zoom's REST API spells users, meetings and recordings (snake_case, ISO times without
 * milliseconds, numbers as numbers), built from the simulator's records.
 */
import type { FileRec, MeetingRec, RecordingRec, SimState, UserRec } from './state.js';
import type { TokenStore } from './tokens.js';
import { zoomTime } from './ids.js';

export interface ViewDeps {
  state: SimState;
  tokens: TokenStore;
  webUrl: string;
  accountId: string;
  /** Zoom's `account_number`. */
  accountNumber: number;
  /** List entries carry a start_url too (Zoom's do not; see SimulatorOptions.listStartUrls). */
  listStartUrls?: boolean;
}

/** A host ZAK lives 2 h, as the ones Zoom embeds in start_url. */
export const START_URL_ZAK_TTL = 7200;

const RECORDING_TYPES: Record<string, string> = {
  MP4: 'shared_screen_with_speaker_view', M4A: 'audio_only', TRANSCRIPT: 'audio_transcript',
  CC: 'closed_caption', CHAT: 'chat_file', TIMELINE: 'timeline', CSV: 'poll', SUMMARY: 'summary',
};

export function userJson(v: ViewDeps, u: UserRec): Record<string, unknown> {
  return {
    id: u.id, first_name: u.firstName, last_name: u.lastName, display_name: `${u.firstName} ${u.lastName}`.trim(),
    email: u.email, type: 2, role_name: 'Member', pmi: u.pmi, use_pmi: false,
    personal_meeting_url: `${v.webUrl}/j/${u.pmi}`, timezone: 'UTC', verified: 1, dept: '',
    created_at: zoomTime(u.createdAt), user_created_at: zoomTime(u.createdAt), last_login_time: zoomTime(u.createdAt),
    pic_url: '', language: 'en-US', phone_number: '', status: 'active', role_id: '2',
    account_id: v.accountId, account_number: v.accountNumber, cluster: 'us05', group_ids: [], im_group_ids: [],
  };
}

/**
 * The ZAK a meeting's start_url embeds, per its `startUrlZak` setting. A fresh one is minted on
 * every read (not counted as a `type=zak` mint: Zoom does this on its own).
 */
export function startUrlOf(v: ViewDeps, m: MeetingRec): string | undefined {
  let zak: string;
  if (m.startUrlZak === 'none') return undefined;
  if (m.startUrlZak === 'expired') {
    zak = v.tokens.mintZak(m.hostId, START_URL_ZAK_TTL, START_URL_ZAK_TTL + 60);
  } else {
    zak = v.tokens.mintZak(m.hostId, START_URL_ZAK_TTL);
    if (m.startUrlZak === 'invalidated') v.tokens.invalidateZak(zak);
  }
  return `${v.webUrl}/s/${m.id}?zak=${zak}`;
}

export function joinUrlOf(v: ViewDeps, m: MeetingRec): string {
  return `${v.webUrl}/${m.kind === 'webinar' ? 'w' : 'j'}/${m.id}?pwd=${m.encryptedPassword}`;
}

function hasFixedTime(m: MeetingRec): boolean {
  return m.type !== 3 && m.type !== 6;
}

/** A list entry: Zoom lists meetings without start_url (unless `listStartUrls`) or passcodes. */
export function meetingListItem(v: ViewDeps, m: MeetingRec): Record<string, unknown> {
  const startUrl = v.listStartUrls ? startUrlOf(v, m) : undefined;
  return {
    uuid: m.uuid, id: m.id, host_id: m.hostId, topic: m.topic, type: m.type,
    ...(hasFixedTime(m) ? { start_time: zoomTime(m.startTime) } : {}),
    duration: m.durationMinutes, timezone: 'UTC', agenda: m.agenda, created_at: zoomTime(m.createdAt),
    ...(startUrl === undefined ? {} : { start_url: startUrl }),
    join_url: joinUrlOf(v, m),
  };
}

export function meetingJson(v: ViewDeps, m: MeetingRec): Record<string, unknown> {
  const host = v.state.user(m.hostId);
  const startUrl = startUrlOf(v, m);
  const recurring = m.type === 8 || m.type === 9;
  return {
    uuid: m.uuid, id: m.id, host_id: m.hostId, host_email: host?.email ?? '', assistant_id: '',
    topic: m.topic, type: m.type, status: 'waiting',
    ...(hasFixedTime(m) ? { start_time: zoomTime(m.startTime) } : {}),
    duration: m.durationMinutes, timezone: 'UTC', agenda: m.agenda, created_at: zoomTime(m.createdAt),
    ...(startUrl === undefined ? {} : { start_url: startUrl }),
    join_url: joinUrlOf(v, m),
    password: m.password, h323_password: m.password, pstn_password: m.password, encrypted_password: m.encryptedPassword,
    ...(recurring
      ? {
          recurrence: { type: 2, repeat_interval: 1, weekly_days: '2', end_times: 4 },
          occurrences: [0, 1, 2, 3].map((i) => ({
            occurrence_id: String(Math.floor((m.startTime + i * 604_800_000) / 1000) * 1000),
            start_time: zoomTime(m.startTime + i * 604_800_000), duration: m.durationMinutes, status: 'available',
          })),
        }
      : {}),
    settings: {
      host_video: true, participant_video: false, join_before_host: false, mute_upon_entry: true,
      waiting_room: true, approval_type: 2, audio: 'both', auto_recording: 'cloud',
      alternative_hosts: m.alternativeHosts.map((h) => v.state.user(h)?.email ?? h).join(';'),
      alternative_hosts_email_notification: true, meeting_authentication: false, encryption_type: 'enhanced_encryption',
    },
    pre_schedule: false,
  };
}

/** Where a file downloads from: its `/rec/download/` URL in API answers. */
export type DownloadUrlOf = (f: FileRec) => string;

function participantFileJson(v: ViewDeps, r: RecordingRec, f: FileRec, downloadUrl: DownloadUrlOf): Record<string, unknown> {
  return {
    id: f.id, recording_start: zoomTime(r.startTime), recording_end: zoomTime(r.endTime), file_name: f.participant,
    file_type: f.fileType, file_extension: f.extension, file_size: f.size,
    play_url: `${v.webUrl}/rec/play/${f.id}`, download_url: downloadUrl(f), status: 'completed',
  };
}

function fileJson(v: ViewDeps, r: RecordingRec, f: FileRec, downloadUrl: DownloadUrlOf): Record<string, unknown> {
  return {
    ...(f.listedWithId ? { id: f.id } : {}),
    meeting_id: r.uuid, recording_start: zoomTime(r.startTime), recording_end: zoomTime(r.endTime),
    file_type: f.fileType, file_extension: f.extension,
    ...(f.listedWithId ? { file_size: f.size } : {}),
    play_url: `${v.webUrl}/rec/play/${f.id}`, download_url: downloadUrl(f),
    status: 'completed', recording_type: RECORDING_TYPES[f.fileType] ?? f.fileType.toLowerCase(),
  };
}

/** `downloadUrl`: a webhook event's files download from elsewhere. */
export function recordingJson(
  v: ViewDeps, r: RecordingRec, downloadUrl: DownloadUrlOf = (f) => `${v.webUrl}/rec/download/${f.id}`,
): Record<string, unknown> {
  const m = v.state.meeting(r.meetingId);
  const files = r.files.filter((f) => f.participant === undefined);
  const participantFiles = r.files.filter((f) => f.participant !== undefined);
  return {
    uuid: r.uuid, id: r.meetingId, account_id: v.accountId, host_id: m?.hostId ?? '', topic: m?.topic ?? '',
    type: m?.type ?? 2, start_time: zoomTime(r.startTime), timezone: 'UTC',
    duration: Math.round((r.endTime - r.startTime) / 60_000),
    total_size: files.reduce((sum, f) => sum + (f.listedWithId ? f.size : 0), 0),
    recording_count: files.length, share_url: `${v.webUrl}/rec/share/${r.shareId}`,
    recording_files: files.map((f) => fileJson(v, r, f, downloadUrl)),
    ...(participantFiles.length === 0 ? {} : { participant_audio_files: participantFiles.map((f) => participantFileJson(v, r, f, downloadUrl)) }),
    password: m?.password ?? '', recording_play_passcode: r.shareId.slice(0, 16),
  };
}
