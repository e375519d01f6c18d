// The bare limit: fastify with no plugins answering GET / with a fixed body read from BARE_BODY_FILE.
import fs from 'node:fs';
import Fastify from 'fastify';

const body = fs.readFileSync(process.env.BARE_BODY_FILE ?? '', 'utf8');
const app = Fastify();
app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(body));
await app.listen({ port: Number(process.env.PORT), host: process.env.HOST ?? '127.0.0.1' });
