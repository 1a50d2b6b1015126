/**
 * The one error configuration loading throws. `main` prints it as a single stderr line,
 * `config error: ${err.message}`, so the message is always `<key.path>: <what is wrong>` on one line.
 *
 * The sentence is written by this module, never copied from the input: a value given for a secret
 * key (`links.secret`, `zoom.clientSecret`, `clients[].key`, `bots[].token`) is never part of it.
 */
export class ConfigError extends Error {
  /** Where the problem is: `zoom.clientId`, `clients[1].users`, `PORT`, `--config`, or a file name. */
  readonly keyPath: string;
  /** What is wrong, without the key path: `required`, `must be at least 32 characters`, ... */
  readonly problem: string;

  constructor(keyPath: string, problem: string, options?: { cause?: unknown }) {
    const path = oneLine(keyPath);
    const what = oneLine(problem);
    super(`${path}: ${what}`, options);
    this.name = 'ConfigError';
    this.keyPath = path;
    this.problem = what;
  }
}

/** The message must stay one line even if a file name or a parser's reason holds a line break. */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();
}
