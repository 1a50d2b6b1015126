import type { ServerResponse } from 'node:http';

/**
 * A 200 with `body`, `Cache-Control: no-store`, and never a 304: Express's res.send() answers a
 * request that looks fresh (`If-None-Match: *`) with an empty 304, and what these routes answer (a
 * token, the state of the process) is only ever true now.
 */
export function sendNoStore(res: ServerResponse, contentType: string, body: string): void {
  res.writeHead(200, { 'cache-control': 'no-store', 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
