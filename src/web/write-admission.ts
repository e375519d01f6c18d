import type { HttpApp } from '../core/module.js';

const reading = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Lets state-changing requests (POST, PUT, PATCH, DELETE) start one per turn of the event loop.
 *
 * A write is milliseconds of synchronous work — SQLite answers at once and the service awaits
 * only settled promises — so it runs to its response within the turn that read it. A turn that
 * read thirty submissions ran all thirty before the loop turned again: reads waited behind them,
 * and libuv accepts one new connection per turn, so under load a client opening a connection
 * waited seconds while open connections were served (50 clients: first answers after up to
 * 4.5 s). Admitted one per turn, the writes of all connections take their turns in the order
 * they arrived, with reads and new connections in between. A write waiting for I/O does not hold
 * the next one back.
 */
export function admitWritesOnePerTurn(app: HttpApp): void {
  const waiting: (() => void)[] = [];
  let scheduled = false;
  const admitNext = () => {
    scheduled = false;
    waiting.shift()?.();
    if (waiting.length > 0) schedule();
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(admitNext);
  };
  app.addHook('onRequest', (request, _reply, done) => {
    if (reading.has(request.method)) return done();
    waiting.push(done);
    schedule();
  });
}
