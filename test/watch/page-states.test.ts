/**
 * The watch page in headless Chromium on a hand-made sweep caught mid-way: a running run with
 * part of its curve and its time left, a failed run with its error, a torn summary shown as
 * unfinished, and no fits yet. Values from the folder reach the page as text, never as HTML.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWatchServer, type WatchServer } from '../../src/watch/server.ts';
import { chromiumPath, runChromium } from './chromium.ts';
import { summaryText } from '../helpers/finished-run.ts';

const HEADER = 'step,tokens,flops_6nd,flops,train_loss,eval_loss,lr,seconds\n';
let work: string;
let server: WatchServer;

function writeRun(sweep: string, id: string, files: Record<string, string>): void {
  const dir = path.join(sweep, 'runs', id);
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'toyscale-watch-page-'));
  const sweep = path.join(work, 'live');
  // 3000 tokens in the 10 s since the first row (300/s), 1000 of 4000 left: 3 s left.
  writeRun(sweep, 'running-run', {
    lock: '{}',
    'config.json': JSON.stringify({ counts: { nNonembed: 5000 }, tokens: 4000 }),
    'curve.csv': `${HEADER}0,0,0,0,,4.5,0.001,20\n1,2000,1,1,4.25,,0.002,25\n2,3000,2,2,4.125,4.0625,0.003,30\n3,35`,
  });
  writeRun(sweep, 'failed-run', { 'error.txt': 'Error: <img src=x onerror=alert(1)> out of memory\n', 'config.json': JSON.stringify({ counts: { nNonembed: 9000 } }) });
  writeRun(sweep, 'torn-run', { 'summary.json': '{"status":"do', 'curve.csv': `${HEADER}0,0,0,0,,4.4,0.001,1\n` });
  fs.writeFileSync(path.join(sweep, 'sweep.json'), JSON.stringify({ name: 'live', runsPlanned: 5 }));
  server = await startWatchServer({ sweepDir: sweep, host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await server?.close();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('watch page on a sweep in progress', () => {
  const chromium = chromiumPath();

  it.skipIf(!chromium)('shows each run\'s state, the running run\'s curve and time left, and escapes what it shows', async () => {
    const dom = await runChromium(chromium!, `http://127.0.0.1:${server.port}/`, { dumpDom: true });
    const row = (id: string) => new RegExp(`<tr data-run="${id}">(.*?)</tr>`).exec(dom)?.[1] ?? '';
    expect(dom).toContain('3 run folders of 5 planned: 0 done, 1 running, 1 failed, 0 diverged, 1 unfinished');
    expect(row('running-run')).toContain('<td class="status-running">running</td>');
    expect(row('running-run')).toContain('data-value="4.0625" data-field="eval"');
    expect(row('running-run')).toContain('data-value="4.125" data-field="train"');
    expect(row('running-run')).toContain('<td>3 s</td>');
    expect(row('failed-run')).toContain('<td class="status-failed">failed</td>');
    expect(row('failed-run')).toContain('&lt;img src=x onerror=alert(1)&gt; out of memory');
    expect(dom).not.toContain('<img src=x');
    expect(row('torn-run')).toContain('<td class="status-unfinished">unfinished</td>');
    expect(dom).toContain('no fits.json yet');
    // No finished run: "Loss against N" says so at its own size instead of a chart as wide as a
    // double can hold covering the tables below it.
    expect(dom).toContain('no finished run yet');
    const widths = [...dom.matchAll(/<svg[^>]*\bwidth="([^"]+)"/g)].map((m) => Number(m[1]));
    expect(widths.length).toBeGreaterThanOrEqual(3);
    for (const w of widths) expect(w).toBeLessThan(2000);
    // Runs in design order, numbers as numbers: N = 5k before 9k, unknown N last.
    expect([...dom.matchAll(/<tr data-run="([^"]+)"/g)].map((m) => m[1])).toEqual(['running-run', 'failed-run', 'torn-run']);
    const lines = [...dom.matchAll(/aria-label="([^"]*)"[^>]*aria-roledescription="line mark" d="([^"]*)"/g)];
    const heldOut = lines.find((m) => m[1].includes('run: running-run') && m[1].includes('Held-out loss'));
    expect(heldOut?.[2].split(/[ML]/).filter(Boolean)).toHaveLength(1); // one eval point after 0 tokens so far
    const train = lines.find((m) => m[1].includes('run: running-run') && m[1].includes('Training loss'));
    expect(train?.[2].split(/[ML]/).filter(Boolean)).toHaveLength(2);
  });
});

describe('watch page during a tune stage', () => {
  const chromium = chromiumPath();
  let tuning: WatchServer;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'toyscale-watch-tune-'));
    const sweep = path.join(dir, 'tuning');
    // Only the tune stage has started: three learning rates of one size, one ended, one running.
    const tuneRun = (id: string, lr: number, files: Record<string, string>) =>
      writeRun(path.join(sweep, 'tune'), id, { 'config.json': JSON.stringify({ counts: { nNonembed: 5000 }, tokens: 4000, seed: 0, train: { learningRate: lr } }), ...files });
    tuneRun('tune-lr-low', 0.001, { 'curve.csv': `${HEADER}0,0,0,0,,4.5,0.001,1\n4,4000,1,1,3.2,3.1,0.001,2\n`, 'summary.json': summaryText('tune-lr-low', { finalEvalLoss: 3.1, tokensTrained: 4000 }) });
    tuneRun('tune-lr-mid', 0.00548, { lock: '{}', 'curve.csv': `${HEADER}0,0,0,0,,4.5,0.001,1\n2,2000,1,1,3.0,2.9,0.005,2\n` });
    tuneRun('tune-lr-high', 0.03, {});
    tuning = await startWatchServer({ sweepDir: sweep, host: '127.0.0.1', port: 0 });
  });

  afterAll(async () => {
    await tuning?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(!chromium)('shows the tune runs with their learning rates and the loss-vs-LR chart, the runs and fit tables still visible', async () => {
    const dom = await runChromium(chromium!, `http://127.0.0.1:${tuning.port}/`, { dumpDom: true });
    expect(dom).toMatch(/<section id="tune-section">/); // not hidden
    expect(dom).toContain('3 tune runs: 1 ended');
    expect([...dom.matchAll(/data-value="([^"]+)" data-field="lr"/g)].map((m) => Number(m[1]))).toEqual([0.001, 0.00548, 0.03]);
    expect(dom).toContain('Tune stage: loss against learning rate');
    expect(dom).toContain('<table id="runs">');
    expect(dom).toContain('<table id="fits">');
    for (const w of [...dom.matchAll(/<svg[^>]*\bwidth="([^"]+)"/g)].map((m) => Number(m[1]))) expect(w).toBeLessThan(2000);
  });
});
