import { createServer } from 'node:http';
import { pipeline } from 'node:stream';
const upstream = process.env.UP;
let handler;
const kind = process.env.KIND;
if (kind === 'node') {
  const http = await import('node:http');
  const agent = new http.Agent({ keepAlive: true });
  handler = (req, res) => http.get(upstream + req.url, { agent }, (up) => { res.writeHead(up.statusCode, { 'content-length': up.headers['content-length'], 'content-type': up.headers['content-type'] }); pipeline(up, res, () => {}); });
} else if (kind === 'undici') {
  const { Agent, request } = await import('undici');
  const dispatcher = new Agent({ keepAliveTimeout: 10000 });
  handler = async (req, res) => { const up = await request(upstream + req.url, { dispatcher }); res.writeHead(up.statusCode, { 'content-length': up.headers['content-length'], 'content-type': up.headers['content-type'] }); pipeline(up.body, res, () => {}); };
} else {
  const { Agent } = await import('undici');
  const dispatcher = new Agent({ keepAliveTimeout: 10000 });
  const u = new URL(upstream);
  handler = (req, res) => {
    let resume;
    res.on('drain', () => resume?.());
    dispatcher.dispatch({ origin: u.origin, path: req.url, method: 'GET' }, {
      onConnect() {}, onHeaders(status, raw, r) { resume = r; res.writeHead(status, { 'content-length': String(1073741824) }); return true; },
      onData(chunk) { return res.write(chunk); }, onComplete() { res.end(); }, onError(e) { res.destroy(e); },
    });
  };
}
createServer(handler).listen(0, '127.0.0.1', function () { console.log(this.address().port); });
