import type { SharedCache, Store } from '../store/store.js';
import { fileKeyOf } from './download-tokens.js';
import type { ZoomEvent } from './parse-event.js';

/** Files whose place is held per account: as many as their tokens (download-tokens.ts). */
const MAX_FILES = 20_000;

/** Where a file of an event lives in Zoom's API: its meeting instance and its id there. */
export interface EventFilePlace {
  /** `payload.object.uuid`: the meeting instance, as `GET /meetings/{uuid}/recordings` takes it. */
  meetingUuid: string;
  /** The file's `id` in that answer's `recording_files[]` or `participant_audio_files[]`. */
  fileId: string;
}

export interface EventFile extends EventFilePlace {
  /** The file's `download_url` in the event (`/rec/webhook_download/...`). */
  downloadUrl: string;
}

/**
 * Where each file of a relayed event lives (docs/webhooks.md, "Downloading an event's files"): once
 * its event token is gone and Zoom refuses its `/rec/webhook_download/` URL with the account's token,
 * the download route asks the API for the recording's current `download_url` and finds the file in
 * it by id. Taken from the event itself, so it holds for any form of Zoom's URL and outlives the
 * token: kept as long as the event's links are valid. Not a secret.
 */
export interface EventFiles {
  keep(account: string, files: readonly EventFile[], ttlMs: number): void;
  /** The place of a file of the account, by its Zoom URL (query ignored), while kept. */
  placeOf(account: string, zoomUrl: string): Promise<EventFilePlace | undefined>;
}

const FILE_LISTS = ['recording_files', 'participant_audio_files'] as const;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The files of a recording event (`payload.object`, Zoom's `recording.*` shape) that name their meeting instance and id. */
export function eventFilesOf(event: ZoomEvent): EventFile[] {
  const payload = event.json.payload;
  const object = isObject(payload) ? payload['object'] : undefined;
  const meetingUuid = isObject(object) ? object['uuid'] : undefined;
  if (!isObject(object) || typeof meetingUuid !== 'string' || meetingUuid === '') return [];
  const files: EventFile[] = [];
  for (const list of FILE_LISTS) {
    const entries = object[list];
    if (!Array.isArray(entries)) continue;
    for (const file of entries) {
      if (!isObject(file)) continue;
      const { download_url: downloadUrl, id: fileId } = file;
      if (typeof downloadUrl === 'string' && typeof fileId === 'string' && fileId !== '') files.push({ downloadUrl, meetingUuid, fileId });
    }
  }
  return files;
}

export function createEventFiles(store: Store): EventFiles {
  const caches = new Map<string, SharedCache<EventFilePlace>>();
  const cacheOf = (account: string): SharedCache<EventFilePlace> => {
    let cache = caches.get(account);
    if (cache === undefined) {
      cache = store.cache<EventFilePlace>({ account, kind: 'webhook-file', secret: false, maxEntries: MAX_FILES });
      caches.set(account, cache);
    }
    return cache;
  };
  return {
    keep(account, files, ttlMs) {
      if (ttlMs <= 0) return;
      for (const { downloadUrl, meetingUuid, fileId } of files) {
        const key = fileKeyOf(downloadUrl);
        if (key !== undefined) cacheOf(account).set(key, { meetingUuid, fileId }, ttlMs);
      }
    },
    async placeOf(account, zoomUrl) {
      const key = fileKeyOf(zoomUrl);
      return key === undefined ? undefined : cacheOf(account).read(key);
    },
  };
}
