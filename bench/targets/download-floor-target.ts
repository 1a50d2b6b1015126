/**
 * The download floor: a bare node:http server that does nothing but fetch the file it is asked for
 * from the upstream and pipe it to the client, with the HTTP client named by `BENCH_CLIENT`:
 * `undici-dispatch` (a raw undici handler writing each chunk to the response, as the proxy does),
 * `undici-request` (`undici.request()` and `pipeline`), or `node-http` (node's own client). No
 * logging, metrics, checks or resume. `BENCH_PORT`, `BENCH_UPSTREAM` (the file host's origin).
 */
import { createServer, get, Agent as HttpAgent, type IncomingMessage, type ServerResponse } from 'node:http';
import { pipeline } from 'node:stream';

const port = Number(process.env.BENCH_PORT);
const upstream = new URL(process.env.BENCH_UPSTREAM ?? '');
const client = process.env.BENCH_CLIENT ?? 'undici-dispatch';

const passed = (headers: Record<string, unknown>): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const name of ['content-type', 'content-length']) if (typeof headers[name] === 'string') out[name] = headers[name];
  return out;
};

let handle: (req: IncomingMessage, res: ServerResponse) => void;
if (client === 'node-http') {
  const agent = new HttpAgent({ keepAlive: true });
  handle = (req, res) => {
    get(new URL(req.url ?? '/', upstream), { agent }, (up) => {
      res.writeHead(up.statusCode ?? 502, passed(up.headers));
      pipeline(up, res, () => undefined);
    }).on('error', () => res.destroy());
  };
} else {
  const { Agent, request } = await import('undici');
  const dispatcher = new Agent({ keepAliveTimeout: 10_000 });
  if (client === 'undici-request') {
    handle = (req, res) => {
      request(new URL(req.url ?? '/', upstream), { dispatcher }).then(
        (up) => {
          res.writeHead(up.statusCode, passed(up.headers));
          pipeline(up.body, res, () => undefined);
        },
        () => res.destroy(),
      );
    };
  } else {
    handle = (req, res) => {
      let resume: (() => void) | undefined;
      res.on('drain', () => resume?.());
      dispatcher.dispatch({ origin: upstream.origin, path: req.url ?? '/', method: 'GET' }, {
        onConnect: () => undefined,
        onHeaders(status, raw, resumeUpstream) {
          resume = resumeUpstream;
          const headers: Record<string, string> = {};
          for (let i = 0; i < raw.length; i += 2) headers[String(raw[i]).toLowerCase()] = String(raw[i + 1]);
          res.writeHead(status, passed(headers));
          return true;
        },
        onData: (chunk) => res.write(chunk),
        onComplete: () => void res.end(),
        onError: () => void res.destroy(),
      });
    };
  }
}

const server = createServer(handle).listen(port, '127.0.0.1');
process.once('SIGTERM', () => server.close(() => process.exit(0)));
