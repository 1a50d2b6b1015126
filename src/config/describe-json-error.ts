/**
 * The reason JSON.parse gave for refusing `text`, made safe and useful for a one-line config error:
 * the position becomes `line L column C`, and the excerpt of the text that V8 quotes in some messages
 * (`Unexpected token 'a', "{"secret": abc"... is not valid JSON`) is dropped: it may be a secret.
 *
 * `Expected ',' or '}' after property value in JSON at position 41` ->
 * `Expected ',' or '}' after property value at line 3 column 5`.
 */
export function describeJsonError(err: unknown, text: string): string {
  const message = err instanceof Error ? err.message : '';
  const position = positionIn(message);
  if (message.startsWith('Unexpected token')) {
    const at = position ?? locateByPrefix(text);
    return at === undefined ? 'Unexpected token' : `Unexpected token at ${lineAndColumn(text, at)}`;
  }
  // Newer V8 already appends "(line L column C)"; it is rewritten the same way as the position.
  const reason = message
    .replace(/\s*\(line \d+ column \d+\)/, '')
    .replace(/ (?:in JSON )?at position \d+/, '')
    .trim();
  // Whatever this V8 says, a quoted excerpt of the file is never passed on.
  if (reason === '' || reason.includes('"')) return position === undefined ? 'syntax error' : `syntax error at ${lineAndColumn(text, position)}`;
  return position === undefined ? reason : `${reason} at ${lineAndColumn(text, position)}`;
}

function positionIn(message: string): number | undefined {
  const match = / at position (\d+)/.exec(message);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/**
 * Where JSON.parse met an unexpected token, for the messages that do not say: the shortest prefix of
 * `text` that already fails with an error before its end (not "ran out of input") ends just past it.
 * Failing prefixes only grow longer from there, so a binary search finds it.
 */
function locateByPrefix(text: string): number | undefined {
  let low = 1;
  let high = text.length;
  if (!failsBeforeEnd(text.slice(0, high))) return undefined;
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    if (failsBeforeEnd(text.slice(0, mid))) high = mid;
    else low = mid + 1;
  }
  return high - 1;
}

function failsBeforeEnd(prefix: string): boolean {
  try {
    JSON.parse(prefix);
    return false;
  } catch (err) {
    const message = err instanceof Error ? err.message : '';
    const position = positionIn(message);
    if (position !== undefined) return position < prefix.length;
    return !message.startsWith('Unexpected end of JSON input');
  }
}

function lineAndColumn(text: string, position: number): string {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - (before.lastIndexOf('\n') + 1) + 1;
  return `line ${line} column ${column}`;
}
