/**
 * The framework floor: the same 302 (headers like the proxy's start redirect) answered by bare
 * node:http, by Express 5 as the proxy builds its app (a middleware, then a Router), and by
 * Fastify 5, with no other work. What each costs per request before a proxy does anything.
 * `BENCH_FRAMEWORK=node|express|fastify`, `BENCH_PORT`.
 */
import { createServer } from 'node:http';
import express from 'express';
import Fastify from 'fastify';

const port = Number(process.env.BENCH_PORT);
const framework = process.env.BENCH_FRAMEWORK ?? 'node';
// The size of a real start redirect: Zoom's start URL with a ~300-character ZAK.
const location = `http://127.0.0.1:9/s/81234567890?zak=${'x'.repeat(292)}`;
const headers = { location, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer', 'content-length': 0 };

let close: () => Promise<void>;
if (framework === 'express') {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use((_req, _res, next) => next());
  const router = express.Router();
  router.get('/start/:meetingId', async (_req, res) => {
    res.set('cache-control', 'no-store');
    res.set('referrer-policy', 'no-referrer');
    res.status(302).location(location).end();
  });
  app.use(router);
  const server = app.listen(port, '127.0.0.1');
  close = () => new Promise((resolve) => server.close(() => resolve()));
} else if (framework === 'fastify') {
  const app = Fastify({ logger: false });
  app.get('/start/:meetingId', async (_req, reply) => reply.code(302).headers(headers).send());
  await app.listen({ port, host: '127.0.0.1' });
  close = () => app.close();
} else {
  const server = createServer((_req, res) => res.writeHead(302, headers).end());
  server.listen(port, '127.0.0.1');
  close = () => new Promise((resolve) => server.close(() => resolve()));
}
process.once('SIGTERM', () => {
  void close().then(() => process.exit(0));
});
