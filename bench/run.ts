// `npm run bench` runs every scenario in bench/*.ts; `npm run bench -- home` runs one.
// BENCH_CONNECTIONS and BENCH_DURATION (seconds) override the standard 50 connections × 10 s.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { formatReport, type ScenarioReport } from './lib/report.js';
import type { BenchScenario, LoadSettings } from './lib/scenario.js';

const benchDir = path.dirname(fileURLToPath(import.meta.url));

function scenarioNames(): string[] {
  return fs
    .readdirSync(benchDir)
    .filter((file) => file.endsWith('.ts') && file !== 'run.ts' && !file.endsWith('.d.ts'))
    .map((file) => file.slice(0, -'.ts'.length))
    .sort();
}

async function loadScenario(name: string): Promise<BenchScenario> {
  const module = (await import(pathToFileURL(path.join(benchDir, `${name}.ts`)).href)) as { scenario?: BenchScenario };
  if (!module.scenario) throw new Error(`bench/${name}.ts does not export a scenario`);
  return module.scenario;
}

function positiveInteger(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  if (!/^[1-9]\d*$/.test(value)) throw new Error(`${name} must be a positive whole number (got "${value}")`);
  return Number(value);
}

async function main(requested: string[]): Promise<number> {
  const available = scenarioNames();
  const unknown = requested.filter((name) => !available.includes(name));
  if (unknown.length) {
    process.stderr.write(`unknown benchmark ${unknown.join(', ')}; available: ${available.join(', ')}\n`);
    return 2;
  }
  const settings: LoadSettings = {
    connections: positiveInteger('BENCH_CONNECTIONS', 50),
    durationSeconds: positiveInteger('BENCH_DURATION', 10),
  };
  const reports: ScenarioReport[] = [];
  for (const name of requested.length ? requested : available) {
    const scenario = await loadScenario(name);
    process.stdout.write(`${scenario.name}: ${scenario.description} (${settings.connections} connections, ${settings.durationSeconds} s per load)\n`);
    reports.push({ scenario: scenario.name, ...(await scenario.run(settings)) });
  }
  process.stdout.write(`\nNode ${process.version}, ${os.cpus().length} CPUs\n\n${formatReport(reports)}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
