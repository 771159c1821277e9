// Peer for bench/peers/http-plaintext.sh: Node's built-in http module, no dependencies.
//   node node-server.js PORT [HOST]
'use strict';
const http = require('http');

const port = Number(process.argv[2] || 18082);
const host = process.argv[3] || '127.0.0.1';
const PLAIN = Buffer.from('Hello, World!');

http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/plaintext') {
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': PLAIN.length });
    res.end(PLAIN);
  } else if (req.method === 'GET' && req.url === '/json') {
    const body = JSON.stringify({ message: 'Hello, World!' });
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  } else {
    res.writeHead(404, { 'Content-Length': 0 });
    res.end();
  }
}).listen(port, host);
