/** Inputs seen to fail badly, each now one line at plan time; and a spec that lives outside the checkout. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = path.resolve('bin/toyscale.js');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'toyscale-inputs-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function toyscale(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A spec file in its own folder outside the checkout, importing toyscale by its package name. */
function specFile(name: string, body: string): string {
  const dir = path.join(work, name);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'spec.ts');
  fs.writeFileSync(file, `import { defineSweep } from 'toyscale';\n\nexport default defineSweep(${body});\n`);
  return file;
}

const elsewhere = () => fs.mkdtempSync(path.join(work, 'cwd-'));

describe('a spec outside the checkout', () => {
  it("imports defineSweep from 'toyscale' and plans", () => {
    const spec = specFile('outside', `{ name: 'outside', task: { kind: 'markov', trainTokens: 20_000, heldOutTokens: 4096 }, family: { kind: 'gpt' }, design: { kind: 'grid', n: [2000], d: [30_000] } }`);
    const r = toyscale(elsewhere(), 'sweep', spec, '--dry-run', '--no-estimate');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/sweep outside: 1 runs/);
  });

  it("imports 'toyscale' from an ESM package too (a package.json with type module beside it)", () => {
    const spec = specFile('outside-esm', `{ name: 'outside-esm', task: { kind: 'markov', trainTokens: 20_000, heldOutTokens: 4096 }, family: { kind: 'gpt' }, design: { kind: 'grid', n: [2000], d: [30_000] } }`);
    fs.writeFileSync(path.join(path.dirname(spec), 'package.json'), '{"type":"module"}\n');
    const r = toyscale(elsewhere(), 'sweep', spec, '--dry-run', '--no-estimate');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/sweep outside-esm: 1 runs/);
  });

  it("resolves a text task's relative path from the spec's folder, not the working directory", () => {
    const spec = specFile('text', `{ name: 'text', task: { kind: 'text', path: 'data/corpus.txt' }, family: { kind: 'gpt' }, design: { kind: 'grid', n: [2000], d: [5000] }, train: { batchSize: 4, contextLength: 16, evalTokens: 256 } }`);
    const words = ['the', 'scaling', 'of', 'loss', 'with', 'parameters', 'and', 'data', 'is', 'a', 'power', 'law'];
    const text = Array.from({ length: 6000 }, (_, i) => words[(i * 7 + (i >> 3)) % words.length]).join(' ');
    fs.mkdirSync(path.join(path.dirname(spec), 'data'));
    fs.writeFileSync(path.join(path.dirname(spec), 'data', 'corpus.txt'), text);
    const r = toyscale(elsewhere(), 'sweep', spec, '--dry-run', '--no-estimate');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/sweep text: 1 runs/);
  });
});

describe('bad specs: one line, exit 2, at plan time', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['a syntax error names file, line and column', `{\n  name: 'syntax',,\n}`, /spec\.ts:4:18: syntax error: .*\(line 4, column 18\)$/],
    [
      'a model of 1e12 parameters is refused from its memory estimate',
      `{ name: 'huge', task: { kind: 'markov', trainTokens: 20_000, heldOutTokens: 4096 }, family: { kind: 'gpt' }, design: { kind: 'grid', n: [1e12], d: [5000] } }`,
      /N = 1\.00e\+12 needs at least 14\.6 TiB to train .* more than the .* available/,
    ],
    [
      'an MLP of depth 1 and N = 1e12 does not loop in the planner',
      `{ name: 'huge-mlp', task: { kind: 'teacher-student', trainExamples: 10_000, heldOutExamples: 1000 }, family: { kind: 'mlp', depth: 1 }, design: { kind: 'grid', n: [1e12], d: [5000] } }`,
      /N = 1\.00e\+12 needs at least/,
    ],
    [
      'a held-out split smaller than one batch',
      `{ name: 'tiny-heldout', task: { kind: 'markov', trainTokens: 20_000, heldOutTokens: 500 }, family: { kind: 'gpt' }, design: { kind: 'grid', n: [2000], d: [30_000] } }`,
      /spec\.ts: .*held-out split has 500 tokens, fewer than one batch of 16 windows × 64 tokens/,
    ],
    [
      'evalTokens smaller than one batch',
      `{ name: 'tiny-eval', task: { kind: 'teacher-student', trainExamples: 10_000, heldOutExamples: 1000 }, family: { kind: 'mlp' }, design: { kind: 'grid', n: [2000], d: [5000] }, train: { batchSize: 64, evalTokens: 10 } }`,
      /spec\.ts: .*fewer than one batch of 64/,
    ],
  ];
  for (const [what, body, message] of cases) {
    it(what, () => {
      const spec = specFile(what.replace(/\W+/g, '-'), body);
      for (const extra of [['--dry-run'], []]) {
        const out = path.join(work, 'out');
        const started = performance.now();
        const r = toyscale(elsewhere(), 'sweep', spec, '--out', out, '--backend', 'cpu', ...extra);
        expect(performance.now() - started).toBeLessThan(30_000);
        expect(r.code).toBe(2);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        expect(r.stderr.trim()).toMatch(message);
        expect(fs.existsSync(out)).toBe(false);
      }
    });
  }
});

describe('toyscale --version', () => {
  it("prints package.json's version", () => {
    const { version } = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { version: string };
    const r = toyscale(work, '--version');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`toyscale ${version}\n`);
  });
});
