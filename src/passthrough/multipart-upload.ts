/**
 * The `/v2` requests Zoom takes as a multipart upload: a user's profile picture,
 * `POST /users/{userId}/picture` (`pic_file`). Only these may carry a multipart body that a client
 * limited to some users sends without its `schedule_for` being read.
 */
const PICTURE = /^\/v2\/users\/[^/?]+\/picture\/?(?:\?|$)/;

/** Zoom refuses a profile picture over 2 MB: a restricted client's upload is held up to this for its check. */
export const MULTIPART_UPLOAD_MAX_BYTES = 2 * 1024 * 1024;

/** Whether `method` and `url` (the request target, `/v2/...` as sent) are one of Zoom's multipart uploads. */
export function isMultipartUpload(method: string | undefined, url: string | undefined): boolean {
  return method === 'POST' && url !== undefined && PICTURE.test(url);
}
