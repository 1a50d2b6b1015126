import { Writable } from 'node:stream';

/** A pino destination that keeps every line, for assertions on what was logged (and what never was). */
export interface LogCapture {
  stream: Writable;
  text(): string;
  lines(): Array<Record<string, unknown>>;
}

export function createLogCapture(): LogCapture {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return {
    stream,
    text: () => chunks.join(''),
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((l) => l.length > 0)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}
