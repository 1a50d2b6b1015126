import type { Logger } from './create-logger.js';

/** The fields of the one log line per request. */
export interface RequestLineFields {
  /** The request's id (request-log.ts), also on the warnings about it. */
  reqId?: string | undefined;
  method: string | undefined;
  url: string | undefined;
  route: string;
  /** 0 when the client went away before the answer was sent. */
  status: number;
  durationMs: number;
  client: string | undefined;
  /** The account that served the request, with several accounts only (the metrics' `account` label). */
  account?: string | undefined;
  trackingId: string | undefined;
}

/** Printable ASCII but `"` and `\`: JSON.stringify writes such a string as it is, in quotes. */
const PLAIN = /^[ !#-[\]-~]*$/;

/**
 * `,"key":value` for a defined value, as JSON.stringify writes it (pino leaves undefined fields out
 * too, and writes NaN as null). A plain string skips JSON.stringify: 30 ns against 120.
 */
function field(key: string, value: string | number | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return `,"${key}":${Number.isFinite(value) ? value : null}`;
  return `,"${key}":${PLAIN.test(value) ? `"${value}"` : JSON.stringify(value)}`;
}

let isoSecond = Number.NaN;
let isoPrefix = '';

/**
 * `new Date().toISOString()`, with the part up to the second made once a second (0.7 µs a line
 * otherwise). `YYYY-MM-DDTHH:MM:SS.` is 20 characters for any year from 0000 to 9999.
 */
export function isoNow(now = Date.now()): string {
  const second = Math.floor(now / 1000);
  if (second !== isoSecond) {
    isoPrefix = new Date(second * 1000).toISOString().slice(0, 20);
    isoSecond = second;
  }
  const ms = now - second * 1000;
  return `${isoPrefix}${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}Z`;
}

/**
 * The line `logger.info(fields, 'request')` writes, written by hand: the same JSON (level, ISO time,
 * the fields, `msg`), through the same secret scrubber, to the logger's own destination
 * (`logger.writeLine`). Through pino's generic path (serialising, redaction, hooks) it cost about
 * 55 µs per request under load, a fifth of the passthrough's whole cost; this way about 14 µs
 * (bench/README.md).
 */
export function createRequestLine(logger: Logger): (fields: RequestLineFields) => void {
  return (f) => {
    if (!logger.isLevelEnabled('info')) return;
    const line =
      `{"level":30,"time":"${isoNow()}"` +
      field('reqId', f.reqId) +
      field('method', f.method) +
      field('url', f.url) +
      field('route', f.route) +
      field('status', f.status) +
      field('durationMs', f.durationMs) +
      field('client', f.client) +
      field('account', f.account) +
      field('trackingId', f.trackingId) +
      ',"msg":"request"}\n';
    logger.writeLine(line);
  };
}
