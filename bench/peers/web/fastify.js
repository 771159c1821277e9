// Peer for bench/peers/web-json.sh: GET /users/:id as JSON through one hook that sets X-Powered-By (Fastify's
// middleware), with the params and response schemas Fastify recommends (so its serializer is fast-json-stringify).
//   node fastify.js PORT HOST     (modules from NODE_PATH, set by the script)
'use strict';
const fastify = require('fastify')({ logger: false });

fastify.addHook('onRequest', (request, reply, done) => {
  reply.header('X-Powered-By', 'Fastify');
  done();
});

fastify.get('/users/:id', {
  schema: {
    params: { type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] },
    response: {
      200: {
        type: 'object',
        properties: { id: { type: 'integer' }, name: { type: 'string' }, active: { type: 'boolean' } },
      },
    },
  },
}, async (request) => ({ id: request.params.id, name: 'Ada Lovelace', active: true }));

fastify.listen({ port: Number(process.argv[2] || 3000), host: process.argv[3] || '127.0.0.1' })
  .catch((err) => { console.error(err); process.exit(1); });
