/**
 * Deterministic recording bytes of any size, never stored. The file is cut into 256 KiB blocks;
 * block `i` is the 256 KiB of a shared 4 MiB random pool starting at an offset hashed from (file id,
 * version, i). Any range is thus produced independently, `fileSha256` recomputes exactly what the
 * CDN served, a resume at a wrong offset yields different bytes, and serving is a zero-copy slice
 * of an immutable buffer: the CDN is limited by the socket, not by generation.
 */
import { createHash } from 'node:crypto';

/** Bigger writes mean fewer trips through node:http: 256 KiB doubled throughput over 64 KiB. */
export const BLOCK_SIZE = 256 * 1024;
const POOL_SIZE = 4 * 1024 * 1024 + BLOCK_SIZE;

export interface FileIdentity {
  id: string;
  version: number;
  size: number;
  fileType: string;
}

const TEXT_TYPES = new Set(['TRANSCRIPT', 'CC', 'CHAT', 'CSV', 'SUMMARY', 'TIMELINE']);
// 64 symbols so that `byte & 63` picks one: text files stay printable.
const TEXT_ALPHABET = Buffer.from('abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789\n');

/** An ISO BMFF `ftyp` box, the first thing in every MP4/M4A file. */
function ftyp(major: string, brands: string[]): Buffer {
  const body = Buffer.from(major + '\0\0\x02\0' + brands.join(''), 'latin1');
  const size = Buffer.alloc(4);
  size.writeUInt32BE(8 + body.length);
  return Buffer.concat([size, Buffer.from('ftyp'), body]);
}

// Leading bytes of real files, so a sniffer sees an MP4/M4A or a WebVTT file and not noise.
const PREFIXES: Record<string, Buffer> = {
  MP4: ftyp('isom', ['isom', 'iso2', 'avc1', 'mp41']),
  M4A: ftyp('M4A ', ['M4A ', 'mp42', 'isom']),
  TRANSCRIPT: Buffer.from('WEBVTT\n\n'),
  CC: Buffer.from('WEBVTT\n\n'),
};

/** murmur3's finaliser: spreads neighbouring inputs into unrelated outputs. */
function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

let pools: { binary: Buffer; text: Buffer } | undefined;

/** The two pools (random bytes, and the same mapped to printable text), made once per process. */
function getPools(): { binary: Buffer; text: Buffer } {
  if (pools) return pools;
  const binary = Buffer.allocUnsafeSlow(POOL_SIZE);
  const words = new Int32Array(binary.buffer, binary.byteOffset, POOL_SIZE / 4);
  let s = 0x2545f491; // xorshift32 from a fixed seed: the same pool in every process
  for (let i = 0; i < words.length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    words[i] = s;
  }
  const text = Buffer.allocUnsafeSlow(POOL_SIZE);
  for (let i = 0; i < POOL_SIZE; i++) text[i] = TEXT_ALPHABET[binary[i]! & 63]!;
  pools = { binary, text };
  return pools;
}

/** FNV-1a over the file id and version: the per-file seed. */
function fileSeed(file: FileIdentity): number {
  let h = 0x811c9dc5;
  const key = `${file.id}#${file.version}`;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** A block reader for one file version. The buffers it returns are shared: never write to them. */
function blockReader(file: FileIdentity): (index: number) => Buffer {
  const seed = fileSeed(file);
  const pool = TEXT_TYPES.has(file.fileType) ? getPools().text : getPools().binary;
  const prefix = PREFIXES[file.fileType];
  return (index) => {
    const length = Math.max(0, Math.min(BLOCK_SIZE, file.size - index * BLOCK_SIZE));
    const offset = mix32(seed ^ Math.imul(index + 1, 0x9e3779b9)) % (POOL_SIZE - BLOCK_SIZE + 1);
    const block = pool.subarray(offset, offset + length);
    if (index !== 0 || !prefix) return block;
    const first = Buffer.from(block); // a copy: the prefix must not land in the shared pool
    prefix.copy(first, 0, 0, Math.min(prefix.length, length));
    return first;
  };
}

/** sha256 hex of bytes [start, end] inclusive (default the whole file), from the generator. */
export function fileSha256(file: FileIdentity, range?: { start: number; end: number }): string {
  const start = range?.start ?? 0;
  const end = range?.end ?? file.size - 1;
  if (start < 0 || end >= file.size || end < start - 1 || (range && end < start)) {
    throw new RangeError(`range ${start}-${end} is outside file ${file.id} of ${file.size} bytes`);
  }
  const hash = createHash('sha256');
  const read = blockReader(file);
  for (let index = Math.floor(start / BLOCK_SIZE); index * BLOCK_SIZE <= end; index++) {
    const from = Math.max(0, start - index * BLOCK_SIZE);
    hash.update(read(index).subarray(from, Math.min(BLOCK_SIZE, end - index * BLOCK_SIZE + 1)));
  }
  return hash.digest('hex');
}

/**
 * Write bytes [start, end] inclusive through `write`, which resolves when more may be written
 * (backpressure) and says whether to go on. The chunks are shared, immutable slices.
 */
export async function streamFileBytes(file: FileIdentity, start: number, end: number, write: (chunk: Buffer) => Promise<boolean>): Promise<void> {
  const read = blockReader(file);
  for (let index = Math.floor(start / BLOCK_SIZE); index * BLOCK_SIZE <= end; index++) {
    const from = Math.max(0, start - index * BLOCK_SIZE);
    if (!(await write(read(index).subarray(from, Math.min(BLOCK_SIZE, end - index * BLOCK_SIZE + 1))))) return;
  }
}
