/**
 * The watch server on a hand-made sweep folder: fixed routes only, refusals for traversal,
 * symlinks out of the folder, odd requests and other methods, and a state that follows run
 * folders appearing, half-written and deleted without ever failing.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWatchServer, type WatchServer } from '../../src/watch/server.ts';
import type { WatchState } from '../../src/watch/sweep-state.ts';
import { rawRequest } from './http-raw.ts';
import { summaryText } from '../helpers/finished-run.ts';

const HEADER = 'step,tokens,flops_6nd,flops,train_loss,eval_loss,lr,seconds\n';
const SECRET = 'outside-secret-4242';

let work: string;
let sweep: string;
let server: WatchServer;

function writeRun(id: string, files: Record<string, string>): string {
  const dir = path.join(sweep, 'runs', id);
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
  return dir;
}

async function state(): Promise<WatchState> {
  const response = await rawRequest(server.port, '/state.json');
  expect(response.status).toBe(200);
  return JSON.parse(response.body) as WatchState;
}

const runOf = (s: WatchState, id: string) => s.runs.find((r) => r.id === id);

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'toyscale-watch-'));
  sweep = path.join(work, 'sweep');
  fs.mkdirSync(path.join(sweep, 'runs'), { recursive: true });
  fs.writeFileSync(path.join(work, 'outside.txt'), `${SECRET}\n`);
  fs.writeFileSync(path.join(work, 'outside-curve.csv'), `${HEADER}0,0,0,0,,${SECRET.length},0.001,0.1\n`);
  writeRun('done-run', {
    'config.json': JSON.stringify({ counts: { nNonembed: 1234 }, tokens: 512 }),
    'curve.csv': `${HEADER}0,0,0,0,,4.5,0.001,0.1\n1,256,1,1,4.4,,0.002,0.2\n2,512,2,2,4.1,3.9,0.003,0.3\n`,
    'summary.json': summaryText('done-run', { finalEvalLoss: 3.9 }),
  });
  server = await startWatchServer({ sweepDir: sweep, host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await server?.close();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('watch server routes', () => {
  it('serves the page, its scripts and vega-embed from node_modules', async () => {
    const page = await rawRequest(server.port, '/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('vendor/vega-embed.min.js');
    expect(page.body).not.toMatch(/https?:\/\/(?!vega\.github\.io)/); // nothing fetched from outside
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    for (const asset of ['/watch.js', '/watch.css', '/vendor/vega.min.js', '/vendor/vega-lite.min.js', '/vendor/vega-embed.min.js']) {
      const response = await rawRequest(server.port, asset);
      expect(response.status, asset).toBe(200);
      expect(response.body.length, asset).toBeGreaterThan(500);
    }
  });

  it('answers HEAD without a body and every other method with 405', async () => {
    const head = await rawRequest(server.port, '/state.json', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      const response = await rawRequest(server.port, '/state.json', { method });
      expect(response.status, method).toBe(405);
      expect(response.headers.allow).toBe('GET, HEAD');
    }
  });

  it('refuses traversal, encoded paths, files of the folder and absurd URLs with 400 or 404', async () => {
    const attempts = [
      '/../../etc/passwd',
      '/..%2f..%2fetc%2fpasswd',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/%2E%2E/outside.txt',
      '//etc/passwd',
      '/..\\..\\outside.txt',
      '/vendor/../../outside.txt',
      '/runs/done-run/curve.csv',
      '/sweep/../outside.txt',
      '/outside.txt',
      '/state.json%00',
      `/${'a'.repeat(10_000)}`,
      '/index.html',
    ];
    for (const attempt of attempts) {
      const response = await rawRequest(server.port, attempt);
      expect([400, 404], attempt.slice(0, 40)).toContain(response.status);
      expect(response.body).not.toContain(SECRET);
      expect(response.body).not.toContain('root:');
    }
  });

  it('answers only requests addressed to this machine while bound to loopback (DNS rebinding)', async () => {
    expect((await rawRequest(server.port, '/state.json', { host: 'evil.example' })).status).toBe(400);
    expect((await rawRequest(server.port, '/state.json', { host: `localhost:${server.port}` })).status).toBe(200);
  });
});

describe('watch state', () => {
  it('reads a finished run: status, N and every curve value', async () => {
    const run = runOf(await state(), 'done-run');
    expect(run?.status).toBe('done');
    expect(run?.nNonembed).toBe(1234);
    expect(run?.points).toEqual([
      { step: 0, tokens: 0, train_loss: null, eval_loss: 4.5, lr: 0.001, seconds: 0.1 },
      { step: 1, tokens: 256, train_loss: 4.4, eval_loss: null, lr: 0.002, seconds: 0.2 },
      { step: 2, tokens: 512, train_loss: 4.1, eval_loss: 3.9, lr: 0.003, seconds: 0.3 },
    ]);
  });

  it('follows symlinks out of the folder neither as run folders nor as files', async () => {
    fs.symlinkSync(work, path.join(sweep, 'runs', 'evil-dir'));
    const dir = writeRun('linked-curve', { lock: '{}' });
    fs.symlinkSync(path.join(work, 'outside-curve.csv'), path.join(dir, 'curve.csv'));
    fs.symlinkSync(path.join(work, 'outside.txt'), path.join(dir, 'error.txt'));
    const body = (await rawRequest(server.port, '/state.json')).body;
    expect(body).not.toContain(SECRET);
    const s = JSON.parse(body) as WatchState;
    expect(runOf(s, 'evil-dir')).toBeUndefined();
    expect(runOf(s, 'linked-curve')?.points).toEqual([]);
    expect(runOf(s, 'linked-curve')?.status).toBe('running');
    expect((await rawRequest(server.port, '/runs/evil-dir/outside.txt')).status).toBe(404);
  });

  it('shows a run folder that appears mid-way, with its partial curve, and drops it when deleted', async () => {
    expect(runOf(await state(), 'late-run')).toBeUndefined();
    const dir = writeRun('late-run', { lock: '{}', 'curve.csv': `${HEADER}0,0,0,0,,4.6,0.001,0.1\n1,256,1,1,4.5,,0.002,0.2\n2,51` });
    const run = runOf(await state(), 'late-run');
    expect(run?.status).toBe('running');
    expect(run?.points.map((p) => p.step)).toEqual([0, 1]); // the half-written row is left out
    fs.appendFileSync(path.join(dir, 'curve.csv'), '2,0,0,4.3,,0.003,0.3\n');
    expect(runOf(await state(), 'late-run')?.points.map((p) => p.train_loss)).toEqual([null, 4.5, 4.3]);
    fs.rmSync(dir, { recursive: true });
    expect(runOf(await state(), 'late-run')).toBeUndefined();
  });

  it('treats unparsable files as unfinished and never fails', async () => {
    writeRun('torn-summary', { 'config.json': '{"counts": {"nNon', 'curve.csv': '\u0000\u0001garbage,,,\n"unclosed', 'summary.json': '{"status": "do' });
    writeRun('failed-run', { 'error.txt': '\nError: out of memory\n    at somewhere\n', 'curve.csv': HEADER });
    writeRun('empty-run', {});
    fs.writeFileSync(path.join(sweep, 'fits.json'), '{"fits": [ {"law": ');
    const s = await state();
    expect(runOf(s, 'torn-summary')).toMatchObject({ status: 'unfinished', nNonembed: null, points: [] });
    expect(runOf(s, 'failed-run')).toMatchObject({ status: 'failed', error: 'Error: out of memory' });
    expect(runOf(s, 'empty-run')).toMatchObject({ status: 'unfinished', points: [] });
    expect(s.fits).toEqual([]);
    expect(s.fitsProblem).toMatch(/fits\.json/);
    expect(s.counts.failed).toBe(1);
  });

  it('does not hang on a FIFO where a file should be', async () => {
    const dir = writeRun('fifo-run', {});
    execFileSync('mkfifo', [path.join(dir, 'curve.csv')]);
    execFileSync('mkfifo', [path.join(dir, 'summary.json')]);
    expect(runOf(await state(), 'fifo-run')).toMatchObject({ status: 'unfinished', points: [] });
  });

  it('survives a sweep folder that is deleted under it', async () => {
    const gone = path.join(work, 'gone');
    fs.mkdirSync(path.join(gone, 'runs'), { recursive: true });
    const other = await startWatchServer({ sweepDir: gone, host: '127.0.0.1', port: 0 });
    try {
      fs.rmSync(gone, { recursive: true });
      const response = await rawRequest(other.port, '/state.json');
      expect(response.status).toBe(200);
      expect((JSON.parse(response.body) as WatchState).runs).toEqual([]);
    } finally {
      await other.close();
    }
  });
});
