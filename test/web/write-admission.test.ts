import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify from 'fastify';
import { admitWritesOnePerTurn } from '../../src/web/write-admission.js';

/** Counts turns of the event loop: each turn's check phase runs one setImmediate of it. */
function turnCounter(): { current(): number; stop(): void } {
  let turn = 0;
  let running = true;
  const tick = () => {
    turn++;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  return { current: () => turn, stop: () => (running = false) };
}

describe('write admission', () => {
  it('starts one write per turn of the event loop, in arrival order, and lets reads through at once', async () => {
    const app = Fastify().withTypeProvider<TypeBoxTypeProvider>();
    admitWritesOnePerTurn(app);
    const turns = turnCounter();
    const started: { name: string; turn: number }[] = [];
    app.post('/write/:name', async (request) => {
      started.push({ name: (request.params as { name: string }).name, turn: turns.current() });
      return 'ok';
    });
    app.get('/read', async () => {
      started.push({ name: 'read', turn: turns.current() });
      return 'ok';
    });
    await app.ready();
    try {
      const requests = [...['a', 'b', 'c', 'd'].map((name) => app.inject({ method: 'POST', url: `/write/${name}` })), app.inject({ method: 'GET', url: '/read' })];
      const answers = await Promise.all(requests);
      assert.deepEqual(
        answers.map((answer) => answer.statusCode),
        [200, 200, 200, 200, 200],
      );
      const writes = started.filter((entry) => entry.name !== 'read');
      assert.deepEqual(
        writes.map((entry) => entry.name),
        ['a', 'b', 'c', 'd'],
      );
      assert.equal(new Set(writes.map((entry) => entry.turn)).size, 4, 'each write in a turn of its own');
      const read = started.find((entry) => entry.name === 'read')!;
      assert.ok(read.turn <= writes[0]!.turn, 'the read did not wait for the writes');
    } finally {
      turns.stop();
      await app.close();
    }
  });
});
