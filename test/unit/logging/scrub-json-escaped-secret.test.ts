/**
 * Found in review: the scrubber matches literal secrets in the serialized JSON line, but pino
 * writes `"` as `\"` and `\` as `\\`. Client keys and bot tokens may hold both (printable ASCII), and
 * zoom.clientSecret / links.secret anything: such a secret reaching a line is written in clear, at
 * start and after a reload's addSecrets alike. README: "every configured secret [is] replaced by [redacted]".
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLogger } from '../../../src/logging/create-logger.js';
import { createLogCapture } from '../../helpers/log-capture.js';

const QUOTED = 'CANARY"client-key-0001';
const BACKSLASHED = 'CANARY\\bot-token-0002';
const ADDED = 'CANARY"reloaded-secret-0003';

test('configured secrets holding " or \\ are scrubbed from lines', () => {
  const capture = createLogCapture();
  const logger = createLogger({ level: 'info', destination: capture.stream, secrets: [QUOTED, BACKSLASHED] });
  logger.addSecrets([ADDED]);
  logger.warn({ detail: `a ${QUOTED} b ${BACKSLASHED} c ${ADDED}` }, `msg ${QUOTED}`);
  logger.flush();
  const line = capture.text();
  const values = JSON.stringify(capture.lines());
  for (const secret of [QUOTED, BACKSLASHED, ADDED]) {
    assert.ok(!values.includes(JSON.stringify(secret).slice(1, -1)), `${secret} in the line: ${line}`);
  }
});
