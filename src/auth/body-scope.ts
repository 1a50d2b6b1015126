import type { ClientConfig } from '../config/config.js';
import { ProxyError } from '../errors.js';
import type { RequestBody } from '../http/request-body.js';
import { scanJsonLinks } from '../links/scan-json-links.js';
import type { PassthroughScope } from './passthrough-scope.js';

/** Bodies Zoom reads as JSON: no Content-Type, `application/json`, `application/*+json`. */
const JSON_TYPE = /^\s*$|^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * The body of a restricted client's request may not name a user outside its list as the one a
 * meeting or webinar is scheduled for: every top-level `schedule_for` (duplicates too, whichever one
 * Zoom keeps) must be a user the client may act for, resolved as a `/users/{u}` path is. A body
 * the proxy cannot read is refused rather than passed unchecked: JSON that is not valid (Zoom's
 * parser may accept what the scan does not), or larger than `passthrough.replayMaxBytes` (not held
 * to be read). Other content types (a multipart picture upload) carry no JSON field and pass.
 */
export async function checkBodyScope(scope: PassthroughScope, client: ClientConfig, contentType: string | undefined, body: RequestBody): Promise<void> {
  if (body.kind === 'none' || !JSON_TYPE.test(contentType ?? '')) return;
  if (body.kind === 'streamed') {
    throw new ProxyError('forbidden', {
      message: 'A client limited to some users may not send a JSON body larger than passthrough.replayMaxBytes: its schedule_for could not be checked.',
    });
  }
  const scan = scanJsonLinks(body.bytes);
  if (!scan.valid) {
    throw new ProxyError('bad_request', { message: 'The body is not JSON the proxy can read; for a client limited to some users it checks schedule_for.' });
  }
  for (const user of scan.scheduleFor) {
    if (user === '') continue; // not set
    if (user === undefined || user.includes('/') || user.includes('\\')) throw new ProxyError('forbidden');
    await scope.before(client, { kind: 'user', user });
  }
}
