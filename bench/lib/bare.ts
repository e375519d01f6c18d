import fs from 'node:fs';
import path from 'node:path';
import { startServer, type ServerProcess } from './process.js';

/** Starts the bare fastify server answering GET / with `html`; the file lives in `workDir`. */
export function startBareServer(html: string, workDir: string): Promise<ServerProcess> {
  const bodyFile = path.join(workDir, 'bare-body.html');
  fs.writeFileSync(bodyFile, html);
  return startServer({ name: 'bare fastify', entry: 'bench/lib/bare-server.ts', env: { BARE_BODY_FILE: bodyFile } });
}
