/**
 * Writes a path into the configuration the way a person reads it: `zoom.clientId`,
 * `clients[1].users`, `zoom.downloadHosts[0]`. A key that is not a plain name (an unknown key with a
 * space or a dot in it) is quoted, `zoom["a b"]`, so the path stays unambiguous and on one line.
 */
export function formatKeyPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (typeof part === 'string' && /^[A-Za-z_$][\w$-]*$/.test(part)) out += out === '' ? part : `.${part}`;
    else out += `[${JSON.stringify(String(part))}]`;
  }
  return out === '' ? TOP_LEVEL : out;
}

/** The key path used for a problem with the configuration as a whole (not an object, say). */
export const TOP_LEVEL = '(top level)';
