import type { IncomingMessage } from 'node:http';
import type { ClientConfig } from '../config/config.js';
import { ProxyError } from '../errors.js';
import { formDataBoundary, isWellFormedMultipart } from './multipart-body.js';
import type { RequestBody } from './request-body.js';
import { extractJsonFields } from '../links/extract-json-fields.js';
import { isMultipartUpload } from './multipart-upload.js';
import type { PassthroughScope } from './passthrough-scope.js';

/** A multipart label: trusted only on Zoom's multipart uploads, and only for a body that is multipart. */
const MULTIPART = /^\s*multipart\/[!#$%&'*+.^_`|~\w-]+\s*(?:;|$)/i;
/** Longer than any Zoom user id or email: not looked up. */
const USER_MAX = 256;
const LONE_SURROGATE = /\p{Cs}/u;

/** Every Content-Type field the request carries (node keeps only the first in `req.headers`; Zoom gets them all). */
function contentTypes(req: IncomingMessage): string[] {
  const out: string[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) if ((req.rawHeaders[i] as string).toLowerCase() === 'content-type') out.push(req.rawHeaders[i + 1] as string);
  return out;
}

/**
 * The body of a restricted client's request may not name a user outside its list as the one a
 * meeting or webinar is scheduled for. Which Content-Types Zoom reads as JSON is not known exactly
 * (Spring's Jackson converter reads `application/*+json`, any `application/x+json`, ...), and whether
 * Zoom reads a JSON body labelled multipart is not known either, so every body is read as JSON but a
 * picture upload (`POST /users/{u}/picture`, its one Content-Type multipart) that parses as
 * multipart with its declared boundary: an empty body passes, a body the proxy cannot read (JSON or,
 * on the upload path, multipart) is 400, a body larger than it holds (`passthrough.replayMaxBytes`,
 * at least 1 MiB; 2 MiB for a picture) 403.
 */
export async function checkBodyScope(scope: PassthroughScope, client: ClientConfig, req: IncomingMessage, body: RequestBody): Promise<void> {
  if (body.kind === 'none') return;
  const types = contentTypes(req);
  if (types.length === 1 && MULTIPART.test(types[0] as string) && isMultipartUpload(req.method, req.url)) {
    checkMultipart(types[0] as string, body);
    return;
  }
  if (body.kind === 'streamed') {
    throw new ProxyError('forbidden', {
      message: 'A client limited to some users may not send a body larger than passthrough.replayMaxBytes (at least 1 MiB): its schedule_for could not be checked.',
    });
  }
  if (body.bytes.every((c) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09)) return; // no content
  const coding = req.headers['content-encoding'];
  if (coding !== undefined && coding.trim() !== '' && coding.trim().toLowerCase() !== 'identity') {
    throw new ProxyError('bad_request', { message: 'A client limited to some users may not send a content-coded (compressed) body: its schedule_for could not be checked.' });
  }
  const scan = extractJsonFields(body.bytes);
  if (!scan.valid) {
    throw new ProxyError('bad_request', { message: 'The body is not JSON the proxy can read; for a client limited to some users it checks schedule_for.' });
  }
  for (const user of scan.scheduleFor) {
    if (user === '') continue; // not set
    if (user === undefined || user.length > USER_MAX || LONE_SURROGATE.test(user) || user.includes('/') || user.includes('\\')) throw new ProxyError('forbidden');
    await scope.before(client, { kind: 'user', user });
  }
}

/** A picture upload passes unread only when it is what its label says: multipart with the declared boundary. */
function checkMultipart(contentType: string, body: Exclude<RequestBody, { kind: 'none' }>): void {
  if (body.kind === 'streamed') {
    throw new ProxyError('forbidden', { message: 'A client limited to some users may not upload a picture over 2 MiB (Zoom refuses them too): it could not be checked.' });
  }
  const boundary = formDataBoundary(contentType);
  if (boundary === undefined || !isWellFormedMultipart(body.bytes, boundary)) {
    throw new ProxyError('bad_request', {
      message: 'The body is labelled multipart but is not multipart/form-data with its declared boundary; for a client limited to some users the proxy reads it to check schedule_for.',
    });
  }
}
