// Peer for bench/peers/web-json.sh: GET /users/:id as JSON (@koa/router) through one middleware that sets X-Powered-By.
//   node koa.js PORT HOST     (modules from NODE_PATH, set by the script)
'use strict';
const Koa = require('koa');
const Router = require('@koa/router');

const app = new Koa();
const router = new Router();

app.use(async (ctx, next) => {
  ctx.set('X-Powered-By', 'Koa');
  await next();
});

router.get('/users/:id', (ctx) => {
  const id = Number(ctx.params.id);
  if (!Number.isInteger(id)) { ctx.status = 404; return; }
  ctx.body = { id, name: 'Ada Lovelace', active: true };
});

app.use(router.routes()).use(router.allowedMethods());
app.listen(Number(process.argv[2] || 3000), process.argv[3] || '127.0.0.1');
