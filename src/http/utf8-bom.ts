/**
 * A UTF-8 byte order mark (EF BB BF) at the start of a body. RFC 8259 (8.1) lets a JSON parser
 * ignore one, and some servers send it; JSON.parse and a strict scanner refuse it. Every reader of a
 * JSON body skips it, so that all of them read the same document (the bytes passed on keep it).
 */
export function bomLength(bytes: Uint8Array): 0 | 3 {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
}

/** `bytes` without a leading byte order mark (the same memory, no copy). */
export function withoutBom(bytes: Buffer): Buffer {
  const skip = bomLength(bytes);
  return skip === 0 ? bytes : bytes.subarray(skip);
}
