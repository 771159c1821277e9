// Peer for bench/peers/web-json.sh: GET /users/:id as JSON through one middleware that sets X-Powered-By.
//   node express.js PORT HOST     (modules from NODE_PATH, set by the script)
'use strict';
const express = require('express');

const app = express();
app.disable('x-powered-by'); // the middleware below sets it, as in the other apps

app.use((req, res, next) => {
  res.setHeader('X-Powered-By', 'Express');
  next();
});

app.get('/users/:id', (req, res) => {
  const id = Number(req.params.id);
  if (!Number.isInteger(id)) { res.sendStatus(404); return; }
  res.json({ id, name: 'Ada Lovelace', active: true });
});

app.listen(Number(process.argv[2] || 3000), process.argv[3] || '127.0.0.1');
