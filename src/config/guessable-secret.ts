/** Fewer different characters than this and a secret is refused, whatever its length. */
export const SECRET_MIN_DISTINCT_CHARACTERS = 8;
/** The longest piece looked for as repeated through a whole secret. */
const MAX_REPEATED_PIECE = 64;

/**
 * Whether `secret` is easy to guess however long it is: fewer than 8 different characters
 * (`llll...`, `abab...`), or one piece of up to 64 characters written over and over (`Passw0rd!`
 * four times). A random secret (`openssl rand -base64 48`) is neither.
 */
export function isGuessableSecret(secret: string): boolean {
  if (new Set(secret).size < SECRET_MIN_DISTINCT_CHARACTERS) return true;
  const longest = Math.min(MAX_REPEATED_PIECE, Math.floor(secret.length / 2));
  for (let period = 1; period <= longest; period++) {
    let i = period;
    while (i < secret.length && secret.charCodeAt(i) === secret.charCodeAt(i - period)) i++;
    if (i === secret.length) return true;
  }
  return false;
}
