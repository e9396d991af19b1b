/**
 * webgpu before and after, side by side in one run: the same bench model trained with this
 * checkout's op set and with an older commit's (a detached worktree under the system's temp
 * folder, its node_modules linked to this one's), alternating, R rounds; tokens/s is the median
 * over rounds and the speed-up the median of the rounds' ratios. Dispatches per step are counted
 * the same way for both (bench/webgpu-ab-child.ts).
 *   node --import tsx bench/webgpu-ab.ts [--before <git ref>] [--model gpt-a] [--seconds 10] [--rounds 3] [--json]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { median } from './median.ts';

interface Measurement {
  root: string;
  ops: string;
  steps: number;
  tokens_per_s: number;
  dispatches_per_step: number;
}

const { values } = parseArgs({
  options: {
    before: { type: 'string', default: 'main' },
    model: { type: 'string', default: 'gpt-a' },
    seconds: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
    json: { type: 'boolean', default: false },
  },
});
const here = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const git = (...args: string[]) => execFileSync('git', ['-C', here, ...args], { encoding: 'utf8' }).trim();
const beforeCommit = git('rev-parse', '--verify', `${values.before}^{commit}`);
const beforeRoot = path.join(os.tmpdir(), `toyscale-before-${beforeCommit.slice(0, 12)}`);
if (!fs.existsSync(beforeRoot)) {
  git('worktree', 'add', '--detach', beforeRoot, beforeCommit);
  fs.symlinkSync(fs.realpathSync(path.join(here, 'node_modules')), path.join(beforeRoot, 'node_modules'));
}

const child = fileURLToPath(new URL('./webgpu-ab-child.ts', import.meta.url));
function measure(root: string): Measurement {
  const out = spawnSync(process.execPath, ['--import', 'tsx', child, root, values.seconds, values.model], { cwd: here, encoding: 'utf8' });
  const line = out.stdout.trim().split('\n').pop() ?? '';
  if (out.status !== 0 || !line.startsWith('{')) throw new Error(`measuring ${root} failed: ${out.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  return JSON.parse(line) as Measurement;
}

const before: Measurement[] = [];
const after: Measurement[] = [];
for (let round = 0; round < Number(values.rounds); round++) {
  process.stderr.write(`round ${round + 1}: before (${beforeCommit.slice(0, 12)}) …\n`);
  before.push(measure(beforeRoot));
  process.stderr.write(`round ${round + 1}: after (this checkout) …\n`);
  after.push(measure(here));
}
const result = {
  model: values.model,
  before_commit: beforeCommit,
  after_commit: git('rev-parse', 'HEAD'),
  load_average: os.loadavg(),
  rounds: before.length,
  before: { tokens_per_s: median(before.map((m) => m.tokens_per_s)), dispatches_per_step: before[0].dispatches_per_step },
  after: { tokens_per_s: median(after.map((m) => m.tokens_per_s)), dispatches_per_step: after[0].dispatches_per_step },
  speedup: median(after.map((m, i) => m.tokens_per_s / before[i].tokens_per_s)),
  measurements: { before, after },
};
if (values.json) console.log(JSON.stringify(result));
else {
  console.log(`${values.model} on webgpu, ${result.rounds} rounds, load ${result.load_average.map((x) => x.toFixed(2)).join(' ')}`);
  console.log(`before ${beforeCommit.slice(0, 12)}: ${Math.round(result.before.tokens_per_s)} tokens/s, ${result.before.dispatches_per_step} dispatches/step`);
  console.log(`after  ${result.after_commit.slice(0, 12)}: ${Math.round(result.after.tokens_per_s)} tokens/s, ${result.after.dispatches_per_step} dispatches/step`);
  console.log(`speed-up (median of the rounds' ratios): ${result.speedup.toFixed(2)}×`);
}
