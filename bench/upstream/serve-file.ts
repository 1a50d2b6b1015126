/**
 * A recording of any size, never stored: byte `p` is `POOL[p mod POOL.length]`, so every range is the
 * same bytes in every request, and serving is slicing one immutable buffer. `GET /file/{bytes}.mp4`
 * with `Range` (one range), `If-Range` and a strong `ETag`, as the CDN behind Zoom's downloads does.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

const POOL = (() => {
  const pool = Buffer.allocUnsafeSlow(1024 * 1024);
  let s = 0x2545f491;
  for (let i = 0; i < pool.length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    pool[i] = s & 0xff;
  }
  return pool;
})();

const FILE_PATH = /^\/file\/(\d{1,13})\.mp4$/;
const LAST_MODIFIED = new Date(Date.UTC(2025, 0, 1)).toUTCString();

/** The size a `/file/{bytes}.mp4` path names, or undefined when the path is not one. */
export function fileSizeOf(path: string): number | undefined {
  const match = FILE_PATH.exec(path);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'whole' | 'unsatisfiable' {
  const match = header === undefined ? null : /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return 'whole';
  const [, from = '', to = ''] = match;
  if (from === '' && to === '') return 'whole';
  if (from === '') {
    const suffix = Math.min(Number(to), size);
    return suffix === 0 ? 'unsatisfiable' : { start: size - suffix, end: size - 1 };
  }
  const start = Number(from);
  const end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  return start >= size || end < start ? 'unsatisfiable' : { start, end };
}

async function pump(res: ServerResponse, start: number, end: number): Promise<void> {
  let at = start;
  while (at <= end && !res.destroyed) {
    const offset = at % POOL.length;
    const length = Math.min(POOL.length - offset, end - at + 1);
    at += length;
    if (!res.write(POOL.subarray(offset, offset + length))) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    }
  }
  res.end();
}

export function serveFile(req: IncomingMessage, res: ServerResponse, size: number): void {
  const etag = `"bench-${size}"`;
  const ifRange = req.headers['if-range'];
  const rangeAllowed = ifRange === undefined || ifRange === etag || ifRange === LAST_MODIFIED;
  const range = rangeAllowed ? parseRange(req.headers.range, size) : 'whole';
  const headers: Record<string, string | number> = {
    'content-type': 'video/mp4',
    'content-disposition': `attachment; filename="bench-${size}.mp4"`,
    'accept-ranges': 'bytes',
    etag,
    'last-modified': LAST_MODIFIED,
  };
  if (range === 'unsatisfiable') {
    res.writeHead(416, { 'content-range': `bytes */${size}`, 'content-length': 0 }).end();
    return;
  }
  const [status, start, end] = range === 'whole' ? [200, 0, size - 1] : [206, range.start, range.end];
  headers['content-length'] = end - start + 1;
  if (status === 206) headers['content-range'] = `bytes ${start}-${end}/${size}`;
  res.writeHead(status, headers);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  void pump(res, start, end);
}
