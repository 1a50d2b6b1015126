import type { UserRef } from '../auth/client-scope.js';
import { withoutBom } from '../http/utf8-bom.js';
import type { Store } from '../store/store.js';
import { isDropInPath } from './download-target.js';

/**
 * Whose recording a Zoom file is, as learned from the recordings answers that pass through the
 * proxy. Zoom has no look-up by file URL, and the drop-in path (`/rec/download/...`) does not name
 * the owner, so a client limited to some users can use the drop-in only for files the proxy has
 * seen listed (docs/contract.md, "Client scope"; docs/downloads.md).
 */
export interface RecordingOwners {
  /**
   * Learns from a `/v2` answer (2xx JSON, decoded) when the request was a `GET` of a recordings path
   * (`url`, query allowed, ends in `/recordings`); any other answer is left alone unread.
   */
  learnFromAnswer(method: string | undefined, url: string | undefined, body: Buffer): void;
  /** Learns from a parsed recordings answer: one meeting's recordings, or a list with `meetings[]`. */
  learn(answer: unknown): void;
  /** The owner of the file a Zoom download URL names (`{zoom.webUrl}/rec/...`), when known (learned on any replica). */
  ownerOf(zoomUrl: string): Promise<UserRef | undefined>;
}

export interface RecordingOwnersOptions {
  /** `downloads.ownerCacheEntries`: files remembered at most, the least recently learned or used dropped first; 0 learns nothing. */
  maxEntries: number;
  /** `downloads.ownerCacheSeconds`: how long one learning counts (each new listing of the file renews it). */
  ttlSeconds: number;
  /** Where owners are kept: every replica on one store shares them (store/store.ts). */
  store: Store;
  /** The store's name of this account's Zoom side (zoomSideKey). */
  account: string;
  /** `zoom.webUrl`: where the drop-in sends its requests; its path, if any, is not part of a file's key. */
  webUrl: string;
}

const SUFFIX = '/recordings';

/** True for `.../recordings` and `.../recordings/`, with or without a query: a string compare, nothing built. */
export function isRecordingsPath(url: string): boolean {
  const q = url.indexOf('?');
  const end = q < 0 ? url.length : q;
  return url.endsWith(SUFFIX, end) || (url.charCodeAt(end - 1) === 0x2f && url.endsWith(SUFFIX, end - 1));
}

/**
 * A file's key: the path of its URL (as the WHATWG parser spells it, which is how the drop-in
 * route accepts it) when it is a drop-in download path; host and query play no part, since the
 * drop-in always asks `zoom.webUrl` while `download_url`s name regional hosts.
 */
function keyOf(url: string, basePath: string): string | undefined {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return undefined;
  }
  if (basePath !== '') {
    if (!path.startsWith(`${basePath}/`)) return undefined;
    path = path.slice(basePath.length);
  }
  return isDropInPath(path) ? path : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The arrays of a recording whose entries carry a `download_url` (docs/zoom.md, "Cloud recordings"). */
const FILE_LISTS = ['recording_files', 'participant_audio_files'] as const;

export function createRecordingOwners(options: RecordingOwnersOptions): RecordingOwners {
  const basePath = new URL(options.webUrl).pathname.replace(/\/+$/, '');
  const { maxEntries, account } = options;
  const ttlMs = options.ttlSeconds * 1000;
  const cache = maxEntries > 0 ? options.store.cache<UserRef>({ account, kind: 'owner', secret: false, maxEntries }) : undefined;

  /** One recording: its `host_id` (and `host_email` where Zoom gives one) owns each of its files. */
  function learnRecording(recording: unknown, owners: Map<string, UserRef>): void {
    if (!isObject(recording) || cache === undefined) return;
    const hostId = recording['host_id'];
    if (typeof hostId !== 'string' || hostId === '') return;
    const hostEmail = recording['host_email'];
    const email = typeof hostEmail === 'string' && hostEmail !== '' ? hostEmail : undefined;
    // One object per host and answer: a 300-meeting page of one user stores one owner, not 1,500.
    const ownerKey = email === undefined ? hostId : `${hostId} ${email}`;
    let owner = owners.get(ownerKey);
    if (owner === undefined) {
      owner = Object.freeze(email === undefined ? { id: hostId } : { id: hostId, email });
      owners.set(ownerKey, owner);
    }
    for (const list of FILE_LISTS) {
      const files = recording[list];
      if (!Array.isArray(files)) continue;
      for (const file of files) {
        const url = isObject(file) ? file['download_url'] : undefined;
        const key = typeof url === 'string' ? keyOf(url, '') : undefined;
        if (key === undefined) continue;
        // An answer without the email does not forget one learned before for the same host.
        const known = email === undefined ? cache.peek(key) : undefined;
        cache.set(key, known?.id === hostId && known.email !== undefined ? known : owner, ttlMs);
      }
    }
  }

  function learn(answer: unknown): void {
    if (!isObject(answer) || cache === undefined) return;
    const owners = new Map<string, UserRef>();
    learnRecording(answer, owners);
    // `/users/{u}/recordings` (and the account's list): `meetings[]`, each with its own host_id.
    const meetings = answer['meetings'];
    if (Array.isArray(meetings)) for (const meeting of meetings) learnRecording(meeting, owners);
  }

  return {
    learnFromAnswer(method, url, body) {
      // GET only: no answer to a body the client wrote (which Zoom might echo) can teach an owner.
      if (cache === undefined || method !== 'GET' || url === undefined || !isRecordingsPath(url)) return;
      let answer: unknown;
      try {
        answer = JSON.parse(withoutBom(body).toString('utf8'));
      } catch {
        return;
      }
      learn(answer);
    },
    learn,
    ownerOf(zoomUrl) {
      const key = keyOf(zoomUrl, basePath);
      return key === undefined || cache === undefined ? Promise.resolve(undefined) : cache.read(key);
    },
  };
}
