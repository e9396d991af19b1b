/**
 * e2e: a real smoke sweep (wasm, ~20 s), then the watch server, its page in headless Chromium,
 * the watch and export commands. The numbers the page and state.json show must be curves.csv's.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsv } from '../../src/io/csv.ts';
import { startWatchServer, type WatchServer } from '../../src/watch/server.ts';
import { readSweepState, type WatchState } from '../../src/watch/sweep-state.ts';
import { chromiumPath, runChromium } from './chromium.ts';
import { rawRequest } from './http-raw.ts';
import { expectEventsMatchCurve } from './tb-check.ts';
import { smokeSweepCopy } from '../helpers/smoke.ts';

const BIN = path.resolve('bin/toyscale.js');
let work: string;
let sweep: string;
let server: WatchServer;
let curves: Record<string, string>[];

const toyscale = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 300_000 });
const cellValue = (text: string) => (text === '' ? null : Number(text));

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'toyscale-watch-e2e-'));
  sweep = smokeSweepCopy(work); // trained once by the e2e project's global setup
  curves = readCsv(path.join(sweep, 'curves.csv'));
  server = await startWatchServer({ sweepDir: sweep, host: '127.0.0.1', port: 0 });
}, 300_000);

afterAll(async () => {
  await server?.close();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('watch on a finished smoke sweep', () => {
  it('state.json holds every curves.csv value, run by run, and the kaplan-n fit', async () => {
    const state = JSON.parse((await rawRequest(server.port, '/state.json')).body) as WatchState;
    expect(state.finished).toBe(true);
    expect(state.counts.done).toBe(2);
    const shown = state.runs.flatMap((run) => run.points.map((p) => ({ run_id: run.id, ...p })));
    const expected = curves.map((row) => ({
      run_id: row.run_id,
      step: Number(row.step),
      tokens: Number(row.tokens),
      train_loss: cellValue(row.train_loss),
      eval_loss: cellValue(row.eval_loss),
      lr: cellValue(row.lr),
      seconds: cellValue(row.seconds),
    }));
    const key = (p: { run_id: string; step: number }) => `${p.run_id} ${String(p.step).padStart(8)}`;
    expect([...shown].sort((a, b) => key(a).localeCompare(key(b)))).toEqual([...expected].sort((a, b) => key(a).localeCompare(key(b))));
    const kaplan = state.fits.find((f) => f.law === 'kaplan-n');
    expect(kaplan?.lineN?.length).toBeGreaterThan(1);
  });

  it('before fits.json exists, a provisional kaplan-n equal to the one toyscale fit then writes', () => {
    const copy = path.join(work, 'no-fits');
    fs.cpSync(sweep, copy, { recursive: true });
    for (const file of ['fits.json', 'fits.csv']) fs.rmSync(path.join(copy, file));
    const state = readSweepState(copy);
    expect(state.fits).toEqual([]);
    const provisional = state.provisional.find((f) => f.label === 'kaplan-n');
    const final = (JSON.parse(fs.readFileSync(path.join(sweep, 'fits.json'), 'utf8')) as { fits: { label: string; params: Record<string, number> }[] }).fits.find((f) => f.label === 'kaplan-n');
    expect(provisional?.points).toBe(2);
    expect(Object.keys(provisional?.params ?? {})).toEqual(Object.keys(final?.params ?? { none: 0 }));
    // toyscale fit reads runs.csv, whose losses keep 10 significant digits; the provisional fit reads
    // summary.json's full doubles. N_c = N·L^(1/α_N) with α_N ≈ 0.02 magnifies that ~50-fold.
    for (const [name, value] of Object.entries(final?.params ?? {})) expect(Math.abs((provisional?.params[name] ?? 0) / value - 1), name).toBeLessThan(1e-6);
    expect(readSweepState(sweep).provisional).toEqual([]); // fits.json there: no provisional fit
  });

  it('export tensorboard writes one folder per run whose every value is curve.csv\'s', () => {
    const out = path.join(work, 'tb');
    const r = toyscale('export', 'tensorboard', sweep, '--out', out);
    expect(r.status, r.stderr).toBe(0);
    const runIds = fs.readdirSync(path.join(sweep, 'runs')).sort();
    expect(fs.readdirSync(out).sort()).toEqual(runIds);
    for (const id of runIds) {
      const [file] = fs.readdirSync(path.join(out, id));
      expectEventsMatchCurve(path.join(out, id, file), path.join(sweep, 'runs', id, 'curve.csv'));
    }
  });

  it('toyscale watch prints its address, serves the sweep and stops on SIGINT', async () => {
    const child = spawn(process.execPath, [BIN, 'watch', sweep, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(stdout);
        if (match) resolve(match[0]);
      });
      child.on('exit', (code) => reject(new Error(`watch exited ${code} before listening: ${stdout}`)));
    });
    const response = await fetch(`${url}state.json`);
    expect(((await response.json()) as WatchState).runs).toHaveLength(2);
    const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGINT');
    expect(await exit).toBe(0);
  });

  it('refuses bad arguments with one line and status 2', () => {
    for (const args of [['watch', sweep, '--port', 'abc'], ['watch', path.join(work, 'missing')], ['export', 'tensorboard', work], ['export', 'csv', sweep]]) {
      const r = toyscale(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });
});

describe('watch page in headless Chromium', () => {
  const chromium = chromiumPath();

  it.skipIf(!chromium)('draws one line per run in each curve chart, with the CSV\'s points, and the table shows the CSV\'s last losses', async () => {
    const dom = await runChromium(chromium!, `http://127.0.0.1:${server.port}/`, { dumpDom: true });
    const runIds = [...new Set(curves.map((row) => row.run_id))];
    const lines = [...dom.matchAll(/<path aria-label="([^"]*)"[^>]*aria-roledescription="line mark" d="([^"]*)"/g)].map((m) => ({ label: m[1], segments: m[2].split(/[ML]/).filter(Boolean).length }));
    for (const id of runIds) {
      const rows = curves.filter((row) => row.run_id === id && Number(row.tokens) > 0);
      for (const [axis, field] of [['Held-out loss', 'eval_loss'], ['Training loss', 'train_loss']] as const) {
        const line = lines.find((l) => l.label.includes(`run: ${id}`) && l.label.includes(axis));
        expect(line, `${axis} line of ${id}`).toBeDefined();
        expect(line?.segments, `${axis} points of ${id}`).toBe(rows.filter((row) => row[field] !== '').length);
      }
      const row = new RegExp(`<tr data-run="${id}">(.*?)</tr>`).exec(dom)?.[1] ?? '';
      const shown = (field: string) => Number(new RegExp(`data-value="([^"]*)" data-field="${field}"`).exec(row)?.[1]);
      const last = (field: string) => Number([...curves].reverse().find((r) => r.run_id === id && r[field] !== '')?.[field]);
      expect(shown('eval'), `${id} held-out`).toBe(last('eval_loss'));
      expect(shown('train'), `${id} train`).toBe(last('train_loss'));
    }
    expect(dom).toContain('kaplan-n: α_N');
    // When done: the fit table lists the fitted laws, and no chart grows past the page.
    expect(dom).toMatch(/<tr data-law="kaplan-n">/);
    for (const w of [...dom.matchAll(/<svg[^>]*\bwidth="([^"]+)"/g)].map((m) => Number(m[1]))) expect(w).toBeLessThan(2000);
  });

  it.skipIf(!chromium)('renders a screenshot of the page', async () => {
    const shot = path.join(work, 'watch.png');
    await runChromium(chromium!, `http://127.0.0.1:${server.port}/`, { screenshot: shot, size: '1280,1100' });
    const png = fs.readFileSync(shot);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.length).toBeGreaterThan(30_000); // a blank page is a few kB
    if (process.env.TOYSCALE_KEEP_SCREENSHOT) fs.copyFileSync(shot, process.env.TOYSCALE_KEEP_SCREENSHOT);
  });
});

describe('toyscale sweep --watch', () => {
  it('serves the sweep while it trains: curves appear as runs train, then every run is done', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'toyscale-watch-live-'));
    try {
      const child = spawn(process.execPath, [BIN, 'sweep', path.resolve('experiments/smoke.ts'), '--backend', 'wasm', '--out', out, '--progress', 'lines', '--watch'], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
      const url = await new Promise<string>((resolve, reject) => {
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          const match = /watch this sweep at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stderr);
          if (match) resolve(match[1]);
        });
        void exit.then((code) => reject(new Error(`sweep exited ${code} before serving: ${stderr}`)));
      });
      const seen: WatchState[] = [];
      let running = true;
      void exit.then(() => (running = false));
      while (running) {
        try {
          seen.push((await (await fetch(`${url}state.json`)).json()) as WatchState);
        } catch {
          // the sweep ended between the check and the fetch
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(await exit, stderr).toBe(0);
      expect(seen[0].counts.done).toBe(0);
      expect(seen.some((s) => s.runs.some((r) => r.status === 'running' && r.points.length > 0)), 'a running run with part of its curve').toBe(true);
      // The server lives in the sweep's process, which is busy fitting at the end: read the end from disk.
      expect(readSweepState(path.join(out, 'smoke')).counts.done).toBe(2);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
