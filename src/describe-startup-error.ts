/**
 * The line `startup error: ...` says when the start fails after the configuration was read: the
 * error's code and message, and for the failures a person fixes by choosing differently, how.
 * Never a stack: it would carry configuration values.
 */
export function describeStartupError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const { code, port } = err as NodeJS.ErrnoException & { port?: number };
  const base = `${code ?? err.name}: ${err.message}`;
  switch (code) {
    case 'EADDRINUSE':
      return `${base}. Another process listens on port ${port ?? '(this port)'}: stop it, or pick another port with PORT=9000 npm start (PORT overrides listen.port) or listen.port in the configuration`;
    case 'EACCES':
      return `${base}. Ports below 1024 need privileges: pick a port from 1024 up with PORT or listen.port, and put a reverse proxy in front for 80/443`;
    case 'EADDRNOTAVAIL':
      return `${base}. listen.host is not an address of this machine: use 127.0.0.1, 0.0.0.0 (all interfaces, as in a container) or one of its addresses`;
    default:
      return base;
  }
}
