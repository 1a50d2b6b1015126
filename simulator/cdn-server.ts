/**
 * The file host downloads redirect to. It trusts only its own pre-signed URL: an Authorization
 * header is refused (S3 rejects two auth mechanisms), which is how a proxy that leaks the Zoom
 * token past a redirect gets caught. Files are generated on the fly with Range, If-Range and HEAD.
 * Each account signs its files' URLs with its own key.
 */
import { createHash } from 'node:crypto';
import type { SimRequest } from './sim-server.js';
import type { FileRec, SimState } from './state.js';
import type { SimRecord } from './record.js';
import type { SimAccount } from './account.js';
import { accountOfFile, cdnFileIdOf } from './request-account.js';
import { type SimResponse, plainText } from './response.js';
import { checkCdnSignature } from './cdn-signature.js';
import { ifRangeHolds, parseRange } from './range.js';
import { streamFileBytes } from './file-bytes.js';

export interface CdnDeps {
  /** The accounts whose files this CDN serves. */
  accounts: readonly SimAccount[];
  record: SimRecord;
  clock: () => number;
}

const CONTENT_TYPES: Record<string, string> = {
  MP4: 'video/mp4', M4A: 'audio/mp4', TRANSCRIPT: 'text/plain', CHAT: 'text/plain', CC: 'text/plain',
};

function xmlError(status: number, code: string, message: string): SimResponse {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
  return plainText(status, body, 'application/xml');
}

/** A strong validator that changes with every version of the file. */
export function etagOf(file: FileRec): string {
  return `"${createHash('sha256').update(`${file.id}:${file.version}`).digest('hex').slice(0, 32)}"`;
}

export function fileNameOf(state: SimState, file: FileRec): string {
  const recording = state.recordingByUuid(file.recordingUuid);
  const stamp = new Date(recording?.startTime ?? 0).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const kind = file.fileType === 'MP4' || file.fileType === 'M4A' ? 'Recording' : `Recording.${file.fileType.toLowerCase()}`;
  return `GMT${stamp}_${kind}.${file.extension.toLowerCase()}`;
}

export function handleCdn(deps: CdnDeps, req: SimRequest): SimResponse {
  if (req.headers.authorization !== undefined) {
    deps.record.cdnRequestsWithAuthorization += 1;
    return xmlError(400, 'InvalidArgument', 'Only one auth mechanism allowed; only the Signature query string parameter or the Authorization header should be specified');
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return xmlError(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
  }
  const fileId = cdnFileIdOf(req.path);
  const owner = accountOfFile(deps.accounts, fileId) ?? deps.accounts[0];
  if (!owner) return xmlError(403, 'AccessDenied', 'Access Denied');
  const signature = checkCdnSignature(req.query, owner.tokens.secret, fileId, deps.clock());
  if (signature === 'bad') return xmlError(403, 'AccessDenied', 'Access Denied');
  if (signature === 'expired') return xmlError(403, 'AccessDenied', 'Request has expired');
  const file = owner.state.files.get(fileId);
  if (!file) return xmlError(404, 'NoSuchKey', 'The specified key does not exist.');

  const etag = etagOf(file);
  const lastModified = new Date(file.modifiedAt).toUTCString();
  const headers: Record<string, string | number> = {
    'content-type': CONTENT_TYPES[file.fileType] ?? 'application/octet-stream',
    'content-disposition': `attachment; filename="${fileNameOf(owner.state, file)}"`,
    'accept-ranges': 'bytes',
    etag,
    'last-modified': lastModified,
  };
  const rangeHeader = req.headers.range;
  const ifRange = req.headers['if-range'];
  const range = rangeHeader !== undefined && ifRangeHolds(Array.isArray(ifRange) ? ifRange[0] : ifRange, etag, lastModified)
    ? parseRange(rangeHeader, file.size)
    : { kind: 'whole' as const };
  if (range.kind === 'unsatisfiable') {
    const refused = xmlError(416, 'InvalidRange', 'The requested range is not satisfiable');
    return { ...refused, headers: { ...refused.headers, 'content-range': `bytes */${file.size}`, 'accept-ranges': 'bytes', etag } };
  }
  const [status, start, end] = range.kind === 'partial' ? [206, range.start, range.end] : [200, 0, file.size - 1];
  headers['content-length'] = end - start + 1;
  if (status === 206) headers['content-range'] = `bytes ${start}-${end}/${file.size}`;
  // Copy what identifies the bytes now: a changeFile during the transfer must not mix versions.
  const snapshot = { id: file.id, version: file.version, size: file.size, fileType: file.fileType };
  return { status, headers, body: (write) => (end >= start ? streamFileBytes(snapshot, start, end, write) : Promise.resolve()) };
}
