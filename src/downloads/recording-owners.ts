import type { UserRef } from '../auth/client-scope.js';
import type { RecordingFile } from '../links/extract-json-fields.js';
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
   * Whether a `/v2` response teaches owners: the request was a `GET` of a recordings path (`url`,
   * query allowed, ends in `/recordings`) and owners are kept at all. Only then is its one scan asked
   * for the recording files (extract-json-fields.ts), and `learnFiles` called with them.
   */
  learnsFrom(method: string | undefined, url: string | undefined): boolean;
  /** Learns the files of a `/v2` recordings response, as its one scan found them, each its recording host's. */
  learnFiles(files: readonly RecordingFile[]): void;
  /** Learns from a recordings answer the proxy asked for and parsed: one meeting's recordings, or a list with `meetings[]`. */
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

  /** Each file's key, its owner: the recording's `host_id` (and `host_email` where Zoom gives one). */
  function learnFiles(files: readonly RecordingFile[]): void {
    if (cache === undefined) return;
    // One object per host and answer: a 300-meeting page of one user stores one owner, not 1,500.
    const owners = new Map<string, UserRef>();
    for (const { url, hostId, hostEmail: email } of files) {
      const key = keyOf(url, '');
      if (key === undefined || hostId === '') continue;
      const ownerKey = email === undefined ? hostId : `${hostId} ${email}`;
      let owner = owners.get(ownerKey);
      if (owner === undefined) {
        owner = Object.freeze(email === undefined ? { id: hostId } : { id: hostId, email });
        owners.set(ownerKey, owner);
      }
      // An answer without the email does not forget one learned before for the same host.
      const known = email === undefined ? cache.peek(key) : undefined;
      cache.set(key, known?.id === hostId && known.email !== undefined ? known : owner, ttlMs);
    }
  }

  /** One parsed recording's files, with its host, when it names one. */
  function filesOf(recording: unknown, into: RecordingFile[]): void {
    if (!isObject(recording)) return;
    const hostId = recording['host_id'];
    if (typeof hostId !== 'string' || hostId === '') return;
    const hostEmail = recording['host_email'];
    const email = typeof hostEmail === 'string' && hostEmail !== '' ? hostEmail : undefined;
    for (const list of FILE_LISTS) {
      const files = recording[list];
      if (!Array.isArray(files)) continue;
      for (const file of files) {
        const url = isObject(file) ? file['download_url'] : undefined;
        if (typeof url === 'string') into.push({ url, hostId, hostEmail: email });
      }
    }
  }

  function learn(answer: unknown): void {
    if (!isObject(answer) || cache === undefined) return;
    const files: RecordingFile[] = [];
    filesOf(answer, files);
    // `/users/{u}/recordings` (and the account's list): `meetings[]`, each with its own host_id.
    const meetings = answer['meetings'];
    if (Array.isArray(meetings)) for (const meeting of meetings) filesOf(meeting, files);
    learnFiles(files);
  }

  return {
    learnsFrom(method, url) {
      // GET only: no answer to a body the client wrote (which Zoom might echo) can teach an owner.
      return cache !== undefined && method === 'GET' && url !== undefined && isRecordingsPath(url);
    },
    learnFiles,
    learn,
    ownerOf(zoomUrl) {
      const key = keyOf(zoomUrl, basePath);
      return key === undefined || cache === undefined ? Promise.resolve(undefined) : cache.read(key);
    },
  };
}
