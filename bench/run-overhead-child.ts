/**
 * One run of a sweep, timed phase by phase (bench/run-overhead.ts starts it): the same steps as a
 * sweep's worker (src/execute/worker.ts), in the same order, with a clock around each. Each module
 * is imported where the worker first needs it, so the cost of loading it is counted there.
 * `node --import tsx bench/run-overhead-child.ts <config.json> <out dir>`; prints one JSON line.
 */
import fs from 'node:fs';
import path from 'node:path';

const began = performance.now(); // process start to here: Node, tsx and this module
const cpuSeconds = () => {
  const { user, system } = process.cpuUsage(); // the whole process: every thread, tsx's loader included
  return (user + system) / 1e6;
};
const [configFile = '', outDir = ''] = process.argv.slice(2);
const phases: Record<string, number> = { 'node + tsx start-up': began / 1000 };
// CPU seconds of the phases before training: on a busy machine their wall time is mostly waiting
// for a core, their CPU time is not.
const cpu: Record<string, number> = { 'node + tsx start-up': cpuSeconds() };
let last = began;
let lastCpu = cpu['node + tsx start-up'];
const mark = (name: string) => {
  const now = performance.now();
  const nowCpu = cpuSeconds();
  phases[name] = (phases[name] ?? 0) + (now - last) / 1000;
  cpu[name] = (cpu[name] ?? 0) + (nowCpu - lastCpu);
  last = now;
  lastCpu = nowCpu;
};

const { selectBackend } = await import('../src/backend/select.ts');
const { loadDataset } = await import('../src/data/load.ts');
const { trainRun } = await import('../src/train/train-run.ts');
const { csvHeader, csvLine } = await import('../src/io/csv.ts');
const { writeJsonAtomic } = await import('../src/io/atomic-write.ts');
const { CURVE_COLUMNS } = await import('../src/execute/run-files.ts');
mark('imports (tfjs, toyscale modules)');

const config = JSON.parse(fs.readFileSync(configFile, 'utf8')) as import('../src/train/run-config.ts').RunConfig;
const backend = await selectBackend('wasm');
mark('wasm backend start-up');
const data = await loadDataset(config.task);
mark('data load');

const curveFd = fs.openSync(path.join(outDir, 'curve.csv'), 'w');
fs.writeSync(curveFd, csvHeader(CURVE_COLUMNS));
let rowMs = 0;
const beforeTrain = performance.now();
const outcome = await trainRun(config, data, backend, {
  onRow(row) {
    const t = performance.now();
    fs.writeSync(curveFd, csvLine(row, CURVE_COLUMNS));
    rowMs += performance.now() - t;
  },
});
const trainRunSeconds = (performance.now() - beforeTrain) / 1000;
const stepSeconds = (outcome.stepsCompleted * config.tokensPerStep) / outcome.tokensPerSecond;
phases['model and optimizer set-up'] = trainRunSeconds - outcome.seconds;
phases['training steps'] = stepSeconds;
phases['evaluations and logging'] = outcome.seconds - stepSeconds - rowMs / 1000;
phases['curve rows written'] = rowMs / 1000;
last = performance.now();
lastCpu = cpuSeconds();
fs.fsyncSync(curveFd);
fs.closeSync(curveFd);
writeJsonAtomic(path.join(outDir, 'summary.json'), { outcome, device: backend.device });
mark('summary written');
console.log(JSON.stringify({ phases, cpu, device: backend.device, steps: outcome.stepsCompleted, evalPoints: config.train.evalPoints, params: config.counts }));
