import type { Readable } from 'node:stream';
import { StreamClosedEarlyError } from '../errors.js';

export interface ReadUpTo {
  /** Every chunk read, in order. */
  chunks: Buffer[];
  /** Their total length. */
  length: number;
  /** True when the stream ended within the limit; false when it went past it (then paused, unread on). */
  complete: boolean;
}

/**
 * Read a stream until it ends or more than `limit` bytes have come; in the second case it is left
 * paused, with no listener of ours, so the caller can send what was read and pipe the rest. Rejects
 * with the stream's error (a reset, a timeout).
 */
export function readUpTo(stream: Readable, limit: number): Promise<ReadUpTo> {
  return new Promise((resolve, reject) => {
    // Destroyed already: its 'close' has come and gone, so listeners would wait for ever.
    if (stream.destroyed) {
      reject(stream.errored ?? new StreamClosedEarlyError());
      return;
    }
    const chunks: Buffer[] = [];
    let length = 0;
    const cleanup = (): void => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
      stream.off('close', onClose);
    };
    const onData = (chunk: Buffer): void => {
      chunks.push(chunk);
      length += chunk.length;
      if (length > limit) {
        stream.pause();
        cleanup();
        resolve({ chunks, length, complete: false });
      }
    };
    const onEnd = (): void => {
      cleanup();
      resolve({ chunks, length, complete: true });
    };
    const onError = (err: Error): void => {
      cleanup();
      reject(err);
    };
    // Destroyed without an error (e.g. by us, for a client that left): nothing more will come.
    const onClose = (): void => {
      cleanup();
      reject(new StreamClosedEarlyError());
    };
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('error', onError);
    stream.once('close', onClose);
  });
}

/** The chunks as one buffer, without a copy when there is only one. */
export function joinChunks(chunks: readonly Buffer[], length: number): Buffer {
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, length);
}
