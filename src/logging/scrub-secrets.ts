/**
 * The last line of defence against leaking a credential into a log line: applied to every line the
 * logger writes (one regex pass per line). pino's `redact` covers object keys only; secrets also ride
 * in URLs (`?zak=`, `?token=`, `?sig=`, and the pre-signed query of the file host a recording
 * download redirects to: `Signature=`, S3's `X-Amz-*`, GCS's `X-Goog-*`), in Authorization values
 * and, for ZAKs and Zoom's access tokens, as JWTs anywhere in a message. Parameter names are matched
 * case-insensitively, and decoded when they hold a `%`.
 */
const URL_SECRET_NAMES = [
  'zak', 'access_token', 'token', 'sig', 'signature', 'download_access_token', 'pwd',
  'x-amz-signature', 'x-amz-credential', 'x-amz-security-token', 'x-goog-signature', 'x-goog-credential',
];
const URL_SECRET = new RegExp(`([?&](?:${URL_SECRET_NAMES.join('|')})=)(?:[^&\\s"\\\\#]|\\\\.)*`, 'gi');
const SECRET_NAME = new Set(URL_SECRET_NAMES);
/**
 * A parameter whose name holds a `%`: a query parser decodes names, so `%74oken=` is `token=` to the
 * route (and `%2574oken=` to a second decoder). Its name is decoded before it is compared.
 */
const ENCODED_NAME = /([?&])([^=&\s"\\#]*%[^=&\s"\\#]*=)((?:[^&\s"\\#]|\\.)*)/g;
const ESCAPE = /%([0-9a-f]{2})/gi;
/** Decoding rounds for a name encoded more than once (`%25` is itself an escape). */
const NAME_DECODES = 4;

/** `name` (with its `=`) percent-decoded until nothing changes, leniently (a bad escape stays as it is), lowercased. */
function decodedName(name: string): string {
  let out = name.slice(0, -1);
  for (let i = 0; i < NAME_DECODES && out.includes('%'); i++) {
    const next = out.replace(ESCAPE, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
    if (next === out) break;
    out = next;
  }
  return out.toLowerCase();
}

function scrubEncodedName(match: string, sep: string, name: string): string {
  return SECRET_NAME.has(decodedName(name)) ? `${sep}${name}${REDACTED}` : match;
}

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

/**
 * Longest first, so a secret that contains another is replaced whole. Each also as JSON writes it
 * inside a string (a `"` or `\` in a key becomes `\"`, `\\`): lines are scrubbed once serialised.
 */
function sortedLiterals(literals: readonly string[]): string[] {
  const forms = literals.filter((s) => s.length >= 8).flatMap((s) => [s, JSON.stringify(s).slice(1, -1)]);
  return [...new Set(forms)].sort((a, b) => b.length - a.length);
}

/** Scrub the patterns above, then every literal secret the process knows (keys, tokens, secrets). */
export function createSecretScrubber(literals: readonly string[] = []): SecretScrubber {
  let known = sortedLiterals(literals);
  const scrub = (text: string): string => {
    let out = text;
    if (MAY_HAVE_URL_SECRET.test(text)) {
      out = out.replace(URL_SECRET, `$1${REDACTED}`);
      // Decoding only where a `%` is: most lines have none.
      if (out.includes('%')) out = out.replace(ENCODED_NAME, scrubEncodedName);
    }
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
