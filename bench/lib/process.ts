import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface ServerProcess {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  pid: number;
  /** Milliseconds from spawning the process until it accepted a TCP connection. */
  startMs: number;
  /** Resident set size of the server process, in bytes. */
  rssBytes(): number;
  stop(): Promise<void>;
}

export interface ServerCommand {
  /** Label used in error messages. */
  name: string;
  /** An entry file relative to the project root (.ts files run via tsx); it must listen on PORT and HOST. */
  entry: string;
  args?: string[];
  /** Options for node itself, e.g. `--cpu-prof` (which NODE_OPTIONS does not allow). */
  nodeArgs?: string[];
  env?: Record<string, string>;
}

const host = '127.0.0.1';

/** The kernel's own figure, so we need no dependency; Linux only, like the servers we run on. */
function rssOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kilobytes = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  if (!kilobytes) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kilobytes) * 1024;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, host);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

/**
 * Spawns `node [--import tsx] <entry>` on a free port and waits until it accepts connections.
 * Output goes nowhere, as a server's would in production; stderr is kept to explain a failed start.
 * The time limit is generous: on a machine shared with test runs a first start (migrating and
 * seeding the demo data) has taken well over a minute.
 */
export async function startServer(command: ServerCommand, timeoutMs = 180_000): Promise<ServerProcess> {
  const port = await freePort();
  const started = performance.now();
  const loader = command.entry.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child = spawn(process.execPath, [...(command.nodeArgs ?? []), ...loader, command.entry, ...(command.args ?? [])], {
    cwd: projectRoot,
    env: { ...process.env, ...command.env, PORT: String(port), HOST: host },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM'); // our server shuts down gracefully on SIGTERM
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited(child);
    clearTimeout(killer);
  };

  while (!(await accepts(port))) {
    if (child.exitCode !== null || performance.now() - started > timeoutMs) {
      await stop();
      throw new Error(`${command.name} did not start listening:\n${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${command.name} has no process id`);
  return {
    url: `http://${host}:${port}`,
    pid,
    startMs: performance.now() - started,
    rssBytes: () => rssOf(pid),
    stop,
  };
}
