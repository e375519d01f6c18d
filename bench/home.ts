import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { amtswegEntry, startAmtsweg } from './lib/amtsweg.js';
import { startBareServer } from './lib/bare.js';
import { measureLoad, sampleWhile } from './lib/load.js';
import type { ServerProcess } from './lib/process.js';
import type { BenchScenario, FigureRow, LoadSettings } from './lib/scenario.js';

const megabytes = (bytes: number) => bytes / (1024 * 1024);

/** How long the server rests after the warm-up before its idle memory is read. */
const idleSettleMs = 15_000;

/** A short load first, so both servers are measured with warm JIT and caches. */
async function warmUp(url: string): Promise<void> {
  await measureLoad({ request: 'warm-up', server: '', url }, { connections: 10, durationSeconds: 2 });
}

/**
 * The page shell's cost: our home page and health check against a bare fastify server sending the
 * same HTML, plus memory and start time. Targets from the issue: home ≥ 0.5 × bare req/s,
 * idle RSS ≤ 150 MB, start to listening ≤ 2 s on an existing database.
 */
export const scenario: BenchScenario = {
  name: 'home',
  description: `GET / and GET /healthz vs a bare fastify server; RSS; start time (server: ${amtswegEntry})`,
  async run(settings: LoadSettings) {
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amtsweg-bench-'));
    const dataDir = path.join(workDir, 'data');
    const running: ServerProcess[] = [];
    try {
      // The first start creates, migrates and seeds the database; the second opens it as it is.
      const first = await startAmtsweg(dataDir);
      await first.stop();
      const ours = await startAmtsweg(dataDir);
      running.push(ours);

      const home = await fetch(`${ours.url}/`);
      if (home.status !== 200) throw new Error(`GET / answered ${home.status}`);
      const html = await home.text();
      const bare = await startBareServer(html, workDir);
      running.push(bare);

      await warmUp(`${ours.url}/`);
      const warmRss = ours.rssBytes();
      await warmUp(`${bare.url}/`);
      // Idle means at rest: once allocation stops, V8's memory reducer collects the warm-up's
      // garbage and gives the heap back within about ten seconds. Right after load, RSS still holds it.
      await new Promise((resolve) => setTimeout(resolve, idleSettleMs));
      const idleRss = ours.rssBytes();

      const bareHome = await measureLoad({ request: 'GET /', server: 'bare fastify', url: `${bare.url}/` }, settings);
      const ourHomeLoad = measureLoad({ request: 'GET /', server: 'amtsweg', url: `${ours.url}/` }, settings);
      const rssUnderLoad = await sampleWhile(ourHomeLoad, () => ours.rssBytes());
      const ourHome = await ourHomeLoad;
      const healthz = await measureLoad({ request: 'GET /healthz', server: 'amtsweg', url: `${ours.url}/healthz` }, settings);

      const figures: FigureRow[] = [
        { figure: `idle RSS (${idleSettleMs / 1000} s at rest after warm-up)`, value: megabytes(idleRss), unit: 'MB', target: { limit: 150, kind: 'max' } },
        { figure: 'RSS right after warm-up', value: megabytes(warmRss), unit: 'MB' },
        { figure: 'RSS under load (max, GET /)', value: megabytes(Math.max(idleRss, warmRss, ...rssUnderLoad)), unit: 'MB' },
        { figure: 'start to listening, new database', value: first.startMs, unit: 'ms' },
        { figure: 'start to listening, existing database', value: ours.startMs, unit: 'ms', target: { limit: 2000, kind: 'max' } },
        { figure: 'start to listening, bare fastify', value: bare.startMs, unit: 'ms' },
        { figure: 'home page size', value: Buffer.byteLength(html), unit: 'bytes' },
      ];
      return {
        loads: [{ ...ourHome, ratioToBare: ourHome.reqPerSec / bareHome.reqPerSec, ratioTarget: 0.5 }, bareHome, healthz],
        figures,
      };
    } finally {
      for (const server of running) await server.stop();
      fs.rmSync(workDir, { recursive: true, force: true });
    }
  },
};
