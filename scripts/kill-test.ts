/**
 * Resume after kill -9, tested the hard way: run a sweep, SIGKILL the sweep process or one of its
 * workers at random moments (the next sweep starts at once, while orphans may still run), rerun
 * until a sweep completes, then check runs.csv and curves.csv against an uninterrupted sweep's:
 * same rows, no duplicates, no torn lines, every column identical except the timing ones. Also
 * checks that no orphan outlives the round and no temp file or lock is left in a run folder.
 *
 *   node --import tsx scripts/kill-test.ts [--seconds 600] [--seed 1] [--spec FILE] [--work DIR]
 *
 * test/cli/sweep-kill.test.ts runs the same loop for about a minute.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import seedrandom from 'seedrandom';
import { compareCsv, readCsvStrict, TIMING_COLUMNS } from './compare-csv.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = path.join(ROOT, 'bin/toyscale.js');
export const DEFAULT_SPEC = path.join(ROOT, 'test/sweep/fixtures/kill-spec.ts');
const RUN_FILES = ['config.json', 'curve.csv', 'summary.json'];

export interface KillTestOptions {
  spec: string;
  work: string;
  /** Stop starting new rounds after this long (a round in progress is finished). */
  seconds: number;
  seed: number;
  /** Kills per round before the round is let run to completion. */
  killsPerRound: number;
  /** Keep killing past `seconds` until this many kills (up to maxSeconds). */
  minKills?: number;
  /** Stop trying to reach minKills after this long (default 3 × seconds). */
  maxSeconds?: number;
  log: (line: string) => void;
  verbose?: boolean;
}

export interface KillTestResult {
  kills: number;
  parentKills: number;
  workerKills: number;
  rounds: number;
  sweeps: number;
  /** Each a description of something wrong; empty when the test passed. */
  problems: string[];
  referenceSeconds: number;
}

interface SweepProcess {
  pid: number;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

function sweepArgs(spec: string, out: string): string[] {
  return [BIN, 'sweep', spec, '--out', out, '--backend', 'wasm', '--workers', '2', '--progress', 'quiet'];
}

function startSweep(spec: string, out: string): SweepProcess {
  const child = spawn(process.execPath, sweepArgs(spec, out), { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal, stderr }));
  });
  return { pid: child.pid as number, done };
}

/** The sweep's live training workers (not the backend probe), from /proc. */
function workersOf(pid: number): number[] {
  let children: number[];
  try {
    children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
  return children.filter((child) => cmdline(child).includes('worker.ts'));
}

function cmdline(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/** Live processes (not zombies) whose command line mentions `needle`: orphans, after a round. */
function processesMentioning(needle: string): number[] {
  return fs
    .readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid)
    .map(Number)
    .filter((pid) => {
      try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z' && cmdline(pid).includes(needle);
      } catch {
        return false;
      }
    });
}

function kill(pid: number): boolean {
  try {
    process.kill(pid, 'SIGKILL');
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function checkSweepFolder(out: string, referenceDir: string): string[] {
  const sweepDir = path.join(out, fs.readdirSync(out)[0] ?? '');
  const refSweep = path.join(referenceDir, fs.readdirSync(referenceDir)[0]);
  const problems = [
    ...compareCsv(path.join(sweepDir, 'runs.csv'), path.join(refSweep, 'runs.csv'), TIMING_COLUMNS),
    ...compareCsv(path.join(sweepDir, 'curves.csv'), path.join(refSweep, 'curves.csv'), TIMING_COLUMNS),
  ];
  const runs = fs.readdirSync(path.join(sweepDir, 'runs'));
  const ids = readCsvStrict(path.join(sweepDir, 'runs.csv')).rows.map((r) => r[0]);
  if (runs.length !== ids.length) problems.push(`${runs.length} run folders for ${ids.length} rows`);
  for (const run of runs) {
    const files = fs.readdirSync(path.join(sweepDir, 'runs', run)).sort();
    if (files.join(',') !== RUN_FILES.join(',')) problems.push(`runs/${run} holds ${files.join(', ')}`);
  }
  return problems;
}

function unfinishedRuns(out: string, total: number): number {
  const runs = path.join(out, fs.existsSync(out) ? (fs.readdirSync(out)[0] ?? '') : '', 'runs');
  if (!fs.existsSync(runs)) return total;
  return total - fs.readdirSync(runs).filter((run) => fs.existsSync(path.join(runs, run, 'summary.json'))).length;
}

export async function killTest(options: KillTestOptions): Promise<KillTestResult> {
  const { spec, work, log } = options;
  const rng = seedrandom(`kill-test:${options.seed}`);
  const result: KillTestResult = { kills: 0, parentKills: 0, workerKills: 0, rounds: 0, sweeps: 0, problems: [], referenceSeconds: 0 };
  const referenceDir = path.join(work, 'reference');
  fs.rmSync(work, { recursive: true, force: true });
  const t0 = performance.now();
  const ref = spawnSync(process.execPath, sweepArgs(spec, referenceDir), { encoding: 'utf8' });
  result.referenceSeconds = (performance.now() - t0) / 1000;
  if (ref.status !== 0) throw new Error(`reference sweep failed: ${ref.stderr}`);
  log(`reference sweep: ${result.referenceSeconds.toFixed(1)} s`);
  const totalRuns = fs.readdirSync(path.join(referenceDir, fs.readdirSync(referenceDir)[0], 'runs')).length;
  const deadline = performance.now() + options.seconds * 1000;
  // Enough time and enough kills; on a busy machine the kills take longer (up to maxSeconds).
  const hardDeadline = performance.now() + (options.maxSeconds ?? 3 * options.seconds) * 1000;
  const enough = () => performance.now() > hardDeadline || (performance.now() > deadline && result.parentKills + result.workerKills >= (options.minKills ?? 0));

  while (!enough() || result.rounds === 0) {
    const out = path.join(work, `round-${result.rounds + 1}`);
    let killsThisRound = 0;
    for (;;) {
      // Kill moments spread over this sweep's likely length: start-up and fitting take about 60%
      // of a whole sweep of tiny runs, training the rest, in proportion to the runs unfinished.
      const window = result.referenceSeconds * 1000 * (0.6 + (0.4 * unfinishedRuns(out, totalRuns)) / totalRuns);
      const sweepStart = performance.now();
      const sweep = startSweep(spec, out);
      result.sweeps++;
      const letFinish = killsThisRound >= options.killsPerRound || enough();
      let parentKilled = false;
      // Up to three kills of this sweep: a worker may die and the sweep go on, then maybe more.
      for (let k = 0; k < 3 && !letFinish && !parentKilled; k++) {
        const delay = rng() * (k === 0 ? 0.8 * window : window / 2); // mostly before the sweep would end
        const exited = await Promise.race([sweep.done.then(() => true), sleep(delay).then(() => false)]);
        if (exited) break;
        // Half the kills go to a worker: wait (briefly) for one to be training.
        let workers = workersOf(sweep.pid);
        const wantWorker = rng() < 0.5;
        for (let waited = 0; wantWorker && workers.length === 0 && waited < window / 2; waited += 50) {
          if (await Promise.race([sweep.done.then(() => true), sleep(50).then(() => false)])) break;
          workers = workersOf(sweep.pid);
        }
        if (wantWorker && workers.length > 0) {
          if (kill(workers[Math.floor(rng() * workers.length)])) {
            if (options.verbose) log(`  killed a worker at ${((performance.now() - sweepStart) / 1000).toFixed(1)} s`);
            result.workerKills++;
            killsThisRound++;
          }
          if (rng() < 0.5) break; // let this sweep go on to its end
        } else if (kill(sweep.pid)) {
          if (options.verbose) log(`  killed the sweep at ${((performance.now() - sweepStart) / 1000).toFixed(1)} s`);
          result.parentKills++;
          killsThisRound++;
          parentKilled = true;
        }
      }
      const end = await sweep.done;
      if (options.verbose) log(`  sweep ${result.sweeps}: window ${(window / 1000).toFixed(1)} s, ended ${end.code ?? end.signal} after ${((performance.now() - sweepStart) / 1000).toFixed(1)} s`);
      if (end.code === 0) break;
      const expected = end.signal === 'SIGKILL' || (end.code === 2 && /run\(s\) failed/.test(end.stderr));
      if (!expected) result.problems.push(`sweep exited ${end.code ?? end.signal} unexpectedly: ${end.stderr.trim().split('\n').slice(-3).join(' | ')}`);
    }
    result.kills = result.parentKills + result.workerKills;
    result.rounds++;
    await sleep(500); // orphans check their parent at every logged row
    const orphans = processesMentioning(out);
    if (orphans.length) result.problems.push(`round ${result.rounds}: ${orphans.length} process(es) still running in ${out}: ${orphans.join(' ')}`);
    const problems = checkSweepFolder(out, referenceDir);
    result.problems.push(...problems.map((p) => `round ${result.rounds}: ${p}`));
    log(`round ${result.rounds}: ${killsThisRound} kill(s), ${problems.length ? problems.join('; ') : 'runs.csv and curves.csv match the reference'} (total ${result.kills} kills: ${result.parentKills} sweep, ${result.workerKills} worker)`);
    if (problems.length === 0) fs.rmSync(out, { recursive: true, force: true }); // kept for a post-mortem otherwise
  }
  return result;
}

const USAGE = 'usage: node --import tsx scripts/kill-test.ts [--seconds 600] [--seed 1] [--spec FILE] [--work DIR] [--kills-per-round 8] [--verbose]';

function parseKillTestArgs() {
  try {
    return parseArgs({
      options: {
        help: { type: 'boolean', short: 'h', default: false },
        seconds: { type: 'string', default: '600' },
        seed: { type: 'string', default: '1' },
        spec: { type: 'string', default: DEFAULT_SPEC },
        work: { type: 'string', default: path.join(os.tmpdir(), 'toyscale-kill-test') },
        'kills-per-round': { type: 'string', default: '8' },
        verbose: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    console.error(`kill-test: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  const { values } = parseKillTestArgs();
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const result = await killTest({
    spec: path.resolve(values.spec),
    work: values.work,
    seconds: Number(values.seconds),
    seed: Number(values.seed),
    killsPerRound: Number(values['kills-per-round']),
    verbose: values.verbose,
    log: (line) => console.log(line),
  });
  console.log(
    `kill test: ${result.kills} kill -9 (${result.parentKills} of the sweep, ${result.workerKills} of a worker) over ${result.sweeps} sweeps in ${result.rounds} rounds; ` +
      (result.problems.length ? `FAILED:\n${result.problems.join('\n')}` : 'every round ended with runs.csv and curves.csv equal to the uninterrupted sweep\'s'),
  );
  process.exit(result.problems.length ? 1 : 0);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) void main();
