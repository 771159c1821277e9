// The Node peer for AotSuite.Http.Client.Tests: Node's own http module, no dependencies. Prints its port, then serves
// the routes the tests use until stdin closes.
'use strict';
const http = require('http');
const zlib = require('zlib');

const flaky = new Map();
const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  const path = url.pathname;
  const send = (status, body, headers = {}) => {
    const bytes = Buffer.from(body);
    res.writeHead(status, { 'Content-Length': bytes.length, ...headers });
    res.end(bytes);
  };
  if (path === '/hello') return send(200, 'hello from node', { 'Content-Type': 'text/plain' });
  if (path === '/headers') return send(200, JSON.stringify(req.headers), { 'Content-Type': 'application/json' });
  if (path === '/json') return send(200, JSON.stringify({ title: 'Buy milk', done: false, tags: ['home'] }), { 'Content-Type': 'application/json' });
  if (path === '/chunked') {
    res.writeHead(200, { 'Content-Type': 'text/plain' }); // no length: Node sends it chunked
    let i = 0;
    const next = () => {
      if (i === 5) return res.end();
      res.write(`part ${i++};`);
      setTimeout(next, 5);
    };
    return next();
  }
  if (path === '/big') {
    // 4 MiB in 64 KiB writes, chunked.
    const size = Number(url.searchParams.get('size') || 4 * 1024 * 1024);
    res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
    let sent = 0;
    const block = Buffer.alloc(64 * 1024);
    const pump = () => {
      while (sent < size) {
        const n = Math.min(block.length, size - sent);
        for (let j = 0; j < n; j++) block[j] = (sent + j) % 251;
        sent += n;
        if (!res.write(block.subarray(0, n))) return res.once('drain', pump);
      }
      res.end();
    };
    return pump();
  }
  if (path === '/compressed') {
    const text = 'compressed by node '.repeat(200);
    const coding = url.searchParams.get('coding');
    const body = coding === 'gzip' ? zlib.gzipSync(text) : coding === 'deflate' ? zlib.deflateSync(text) : zlib.brotliCompressSync(text);
    return send(200, body, { 'Content-Encoding': coding, 'Content-Type': 'text/plain' });
  }
  if (path === '/upload') {
    // Counts the bytes and sums them, so the test can check a streamed upload arrived whole.
    let length = 0, sum = 0;
    req.on('data', c => { length += c.length; for (const b of c) sum = (sum + b) % 1000003; });
    req.on('end', () => send(200, JSON.stringify({ length, sum, chunked: req.headers['transfer-encoding'] === 'chunked' })));
    return;
  }
  if (path.startsWith('/redirect/')) {
    const n = Number(path.split('/')[2]);
    const status = Number(url.searchParams.get('status') || 302);
    if (n > 0) return send(status, '', { Location: `/redirect/${n - 1}?status=${status}` });
    let body = '';
    req.on('data', c => body += c);
    req.on('end', () => send(200, `${req.method} ${body}`));
    return;
  }
  if (path === '/to') return send(302, '', { Location: url.searchParams.get('url') });
  if (path === '/flaky') {
    const id = url.searchParams.get('id');
    const failures = Number(url.searchParams.get('failures') || 1);
    const seen = (flaky.get(id) || 0) + 1;
    flaky.set(id, seen);
    if (seen <= failures) {
      const headers = url.searchParams.get('retryAfter') ? { 'Retry-After': url.searchParams.get('retryAfter') } : {};
      return send(Number(url.searchParams.get('status') || 503), 'try again', headers);
    }
    return send(200, `ok after ${seen}`);
  }
  if (path === '/count') return send(200, String(flaky.get(url.searchParams.get('id')) || 0));
  if (path === '/slow') return setTimeout(() => send(200, 'slow'), Number(url.searchParams.get('ms') || 1000));
  if (path === '/socket') return send(200, `${req.socket.remotePort}`);
  send(404, 'not found');
});
server.keepAliveTimeout = 5000;
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
