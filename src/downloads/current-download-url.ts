import { ProxyError, ZoomApiError } from '../errors.js';

/** Where a file of an event lives in Zoom's API (webhooks/event-files.ts keeps it from the event). */
export interface FilePlace {
  meetingUuid: string;
  fileId: string;
}

export interface CurrentDownloadUrlOptions {
  /** The place of a file by its Zoom URL, when an event named it. */
  placeOf(zoomUrl: string): Promise<FilePlace | undefined>;
  /** `GET /meetings/{uuid}/recordings` with the account's token, parsed. */
  recordingsOf(meetingUuid: string): Promise<unknown>;
}

/** For an event's `/rec/webhook_download/` URL Zoom refuses: the same file's `download_url` as the API lists it now. */
export type CurrentDownloadUrl = (zoomUrl: URL) => Promise<URL | undefined>;

const FILE_LISTS = ['recording_files', 'participant_audio_files'] as const;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Once an event's `download_token` has expired, Zoom's documented way to its files is the meeting
 * instance's recordings answer, whose `download_url`s are `/rec/download/...` (docs/webhooks.md,
 * "Downloading an event's files"). The file is found there by its id, as the event named it;
 * undefined when no event named the file or the answer no longer lists it.
 */
export function createCurrentDownloadUrl(options: CurrentDownloadUrlOptions): CurrentDownloadUrl {
  return async (zoomUrl) => {
    const place = await options.placeOf(zoomUrl.href);
    if (place === undefined) return undefined;
    let answer: unknown;
    try {
      answer = await options.recordingsOf(place.meetingUuid);
    } catch (err) {
      // Zoom no longer has the recording (3301, deleted): the file is gone, not Zoom failing.
      if (err instanceof ZoomApiError && err.status === 404) throw new ProxyError('recording_not_found', { cause: err, trackingId: err.trackingId });
      throw err;
    }
    if (!isObject(answer)) return undefined;
    for (const list of FILE_LISTS) {
      const files = answer[list];
      if (!Array.isArray(files)) continue;
      const file = files.find((f): f is Record<string, unknown> => isObject(f) && f['id'] === place.fileId);
      const url = file?.['download_url'];
      if (typeof url !== 'string') continue;
      try {
        return new URL(url);
      } catch {
        return undefined;
      }
    }
    return undefined;
  };
}
