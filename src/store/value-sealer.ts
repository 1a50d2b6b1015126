import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * How a value is written in Redis, bound to its key. Credentials are sealed with AES-256-GCM under a
 * key derived from `links.secret` (HKDF-SHA256), a fresh 12-byte nonce each time and the full Redis
 * key as associated data, so a value copied under another key, tampered with, or written under
 * another secret does not open (docs/replicas.md). Other values are plain JSON.
 *
 * Every value also carries a digest (HMAC-SHA256 under a second derived key, over the key and the
 * value's JSON): Redis scripts compare values by it (compare-and-delete, "keep a newer one") without
 * seeing them, the store takes no value whose digest is not its own (a look-up planted in Redis),
 * and it tells nothing about a credential to whoever reads Redis.
 */
export interface ValueSealer {
  /** The body stored for `json` under `fullKey`: `e` + base64(nonce, ciphertext, tag) when secret, else `p` + the JSON. */
  seal(fullKey: string, json: string, secret: boolean): string;
  /**
   * The JSON a body holds, or undefined when it does not open (other key, other secret, tampered,
   * unknown form; for a `secret` kind, anything not sealed: a plain value written into Redis is no credential).
   */
  open(fullKey: string, body: string, secret: boolean): string | undefined;
  /** The value's digest: 22 base64url characters, no `:`. */
  digest(fullKey: string, json: string): string;
}

const NONCE_BYTES = 12;
const TAG_BYTES = 16;
/** Fixed HKDF salt and infos: each names the purpose, so these keys never equal one used elsewhere. */
const SALT = 'zoom-link-proxy store at rest';
const SEAL_INFO = 'aes-256-gcm key for values in redis v1';
const DIGEST_INFO = 'hmac-sha256 key for value digests in redis v1';

export function createValueSealer(linkSecret: string): ValueSealer {
  const derive = (info: string): Buffer => Buffer.from(hkdfSync('sha256', linkSecret, SALT, info, 32));
  const sealKey = derive(SEAL_INFO);
  const digestKey = derive(DIGEST_INFO);
  return {
    seal(fullKey, json, secret) {
      if (!secret) return `p${json}`;
      const nonce = randomBytes(NONCE_BYTES);
      const cipher = createCipheriv('aes-256-gcm', sealKey, nonce, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(fullKey, 'utf8'));
      const sealed = Buffer.concat([nonce, cipher.update(json, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return `e${sealed.toString('base64')}`;
    },
    open(fullKey, body, secret) {
      if (!secret) return body.startsWith('p') ? body.slice(1) : undefined;
      if (!body.startsWith('e')) return undefined;
      const sealed = Buffer.from(body.slice(1), 'base64');
      if (sealed.length < NONCE_BYTES + TAG_BYTES) return undefined;
      try {
        const decipher = createDecipheriv('aes-256-gcm', sealKey, sealed.subarray(0, NONCE_BYTES), { authTagLength: TAG_BYTES });
        decipher.setAAD(Buffer.from(fullKey, 'utf8'));
        decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
        return Buffer.concat([decipher.update(sealed.subarray(NONCE_BYTES, sealed.length - TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch {
        return undefined;
      }
    },
    digest(fullKey, json) {
      return createHmac('sha256', digestKey).update(fullKey).update('\n').update(json).digest().subarray(0, 16).toString('base64url');
    },
  };
}
