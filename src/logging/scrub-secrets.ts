/**
 * The last line of defence against leaking a credential into a log line: applied to every line the
 * logger writes (one regex pass per line). pino's `redact` covers object keys only; secrets also ride
 * in URLs (`?zak=`, `?token=`, `?sig=`, and the pre-signed query of the file host a recording
 * download redirects to: `Signature=`, S3's `X-Amz-*`, GCS's `X-Goog-*`), in Authorization values
 * and, for ZAKs and Zoom's access tokens, as JWTs anywhere in a message.
 */
const URL_SECRET =
  /([?&](?:zak|access_token|token|sig|signature|download_access_token|pwd|x-amz-signature|x-amz-credential|x-amz-security-token|x-goog-signature|x-goog-credential)=)(?:[^&\s"\\#]|\\.)*/gi;
const BEARER = /\b(Bearer|Basic)\s+[^\s"\\,]+/gi;
const JWT = /\beyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g;
/** What each pattern needs to match at all, far cheaper to look for (a request line alone: 1.19 -> 0.82 µs). */
const MAY_HAVE_URL_SECRET = /[?&]/;
const MAY_HAVE_CREDENTIAL = /b(?:earer|asic)/i;
const REDACTED = '[redacted]';

export interface SecretScrubber {
  (text: string): string;
  /**
   * Scrub these literals too, from now on, besides those known already: a reloaded configuration's
   * secrets join the old ones, which a request in flight may still carry.
   */
  add(literals: readonly string[]): void;
}

/** Longest first, so a secret that contains another is replaced whole. */
function sortedLiterals(literals: readonly string[]): string[] {
  return [...new Set(literals.filter((s) => s.length >= 8))].sort((a, b) => b.length - a.length);
}

/** Scrub the patterns above, then every literal secret the process knows (keys, tokens, secrets). */
export function createSecretScrubber(literals: readonly string[] = []): SecretScrubber {
  let known = sortedLiterals(literals);
  const scrub = (text: string): string => {
    let out = MAY_HAVE_URL_SECRET.test(text) ? text.replace(URL_SECRET, `$1${REDACTED}`) : text;
    if (MAY_HAVE_CREDENTIAL.test(out)) out = out.replace(BEARER, `$1 ${REDACTED}`);
    out = out.replace(JWT, REDACTED);
    for (const secret of known) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
    return out;
  };
  return Object.assign(scrub, {
    add(more: readonly string[]): void {
      known = sortedLiterals([...known, ...more]);
    },
  });
}
