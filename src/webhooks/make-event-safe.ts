import { ProxyError } from '../errors.js';
import type { LinkRewriter, OverLimit } from '../links/link-rewriter.js';
import type { ZoomEvent } from './parse-event.js';
import { withoutMember } from './without-member.js';

/**
 * What subscribers get of an event (docs/webhooks.md, "What a subscriber receives"): its bytes with
 * every `download_url` a signed download link of the account and every `start_url` rewritten as in
 * `/v2` answers (the account's link rewriter: the same engine), and every `download_token` cut out
 * (beside `event`, where Zoom puts it, or at any depth: a credential wherever it is); every other
 * byte as Zoom sent it. Never a re-serialised body.
 */
export async function makeEventSafe(body: Buffer, rewriter: LinkRewriter): Promise<Buffer> {
  let over: OverLimit | undefined;
  const rewritten = await rewriter.rewrite(body, { onOverLimit: (limit) => (over = limit) });
  // Never passed on with Zoom's links in it: Zoom sends it again, and the log says why it failed.
  if (over !== undefined) {
    throw new ProxyError('internal', { cause: new Error(`the event's links could not be rewritten (past passthrough's ${over} bound): not delivered`) });
  }
  return withoutMember(rewritten ?? body, 'download_token');
}

/** The event's top-level `download_token`, when it has one. */
export function downloadTokenOf(event: ZoomEvent): string | undefined {
  const token = event.json.download_token;
  return typeof token === 'string' && token !== '' ? token : undefined;
}

/** Every `download_url` string in the event, at any depth (parseEvent bounded it). */
export function downloadUrlsOf(event: ZoomEvent): string[] {
  const urls: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (key === 'download_url' && typeof item === 'string') urls.push(item);
        else walk(item);
      }
    }
  };
  walk(event.json);
  return urls;
}
