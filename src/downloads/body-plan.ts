import { parseContentRange } from './content-range.js';
import { firstHeader } from './passed-headers.js';
import type { FileResponse } from './request-file.js';

/** Where a response's body sits in the file, and what must hold for a resume to continue it. */
export interface BodyPlan {
  /** Offset in the file of the body's first byte. */
  start: number;
  /** Offset of its last byte; undefined when Zoom announced no length. */
  end: number | undefined;
  /** The whole file's size, when known. */
  size: number | undefined;
  /** A strong ETag: a weak one never proves the bytes are the same (RFC 9110 §13.1.5). */
  etag: string | undefined;
  lastModified: string | undefined;
  /** The ETag as sent, weak or strong: a resume whose ETag differs is another version of the file. */
  anyEtag: string | undefined;
  /** What a resume sends as `If-Range`: the ETag, else Last-Modified; undefined means no resume. */
  validator: string | undefined;
}

function lengthOf(upstream: FileResponse): number | undefined {
  const text = firstHeader(upstream.headers['content-length']);
  return text !== undefined && /^\d{1,15}$/.test(text) ? Number(text) : undefined;
}

export function bodyPlanOf(upstream: FileResponse): BodyPlan {
  const rawEtag = firstHeader(upstream.headers.etag);
  const etag = rawEtag !== undefined && rawEtag.startsWith('"') ? rawEtag : undefined;
  const lastModified = firstHeader(upstream.headers['last-modified']);
  const validators = { etag, lastModified, anyEtag: rawEtag, validator: etag ?? lastModified };
  const length = lengthOf(upstream);
  if (upstream.status === 206) {
    const range = parseContentRange(firstHeader(upstream.headers['content-range']));
    // A 206 that does not say where its bytes sit cannot be continued.
    if (range === undefined) return { start: 0, end: undefined, size: undefined, ...validators, validator: undefined };
    return { start: range.start, end: range.end, size: range.size, ...validators };
  }
  return { start: 0, end: length === undefined ? undefined : length - 1, size: length, ...validators };
}

/**
 * Why the answer to a resume (`Range: bytes=<next>-<end>`, `If-Range: <validator>`) cannot continue
 * the response, or undefined when it can: it must be a 206 of the same file version starting exactly
 * at `next`. A 200 means If-Range failed: the file changed.
 */
export function resumeMismatch(upstream: FileResponse, plan: BodyPlan, next: number): string | undefined {
  if (upstream.status !== 206) return `Zoom answered ${upstream.status}, not 206: the file changed or cannot be resumed`;
  const range = parseContentRange(firstHeader(upstream.headers['content-range']));
  if (range === undefined) return 'the 206 has no usable Content-Range';
  if (range.start !== next) return `the 206 starts at byte ${range.start}, not ${next}`;
  if (plan.end !== undefined && range.end !== plan.end) return `the 206 ends at byte ${range.end}, not ${plan.end}`;
  if (plan.size !== undefined && range.size !== undefined && range.size !== plan.size) return 'the file size changed';
  if (plan.anyEtag !== undefined && firstHeader(upstream.headers.etag) !== plan.anyEtag) return 'the ETag changed';
  if (plan.etag === undefined && firstHeader(upstream.headers['last-modified']) !== plan.lastModified) return 'Last-Modified changed';
  const length = lengthOf(upstream);
  if (length !== undefined && length !== range.end - range.start + 1) return 'the 206 Content-Length disagrees with its Content-Range';
  return undefined;
}
