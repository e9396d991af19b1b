/**
 * The TensorBoard export read back by a reader written from the format's spec (tfevents-reader.ts,
 * no code shared with the writer): framing and CRCs check, and every scalar equals curve.csv's
 * value rounded to float32, at the curve's step.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportTensorboard } from '../../src/watch/tensorboard/export.ts';
import { maskedCrc32c } from '../../src/watch/tensorboard/tfrecord.ts';
import { expectEventsMatchCurve } from './tb-check.ts';
import { decodeEvent, readRecords } from './tfevents-reader.ts';

const HEADER = 'step,tokens,flops_6nd,flops,train_loss,eval_loss,lr,seconds\n';
let work: string;

function writeRun(sweep: string, id: string, curve: string, summary?: object): void {
  const dir = path.join(sweep, 'runs', id);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ runId: id }));
  fs.writeFileSync(path.join(dir, 'curve.csv'), curve);
  if (summary) fs.writeFileSync(path.join(dir, 'summary.json'), JSON.stringify(summary));
}

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'toyscale-tb-'));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('TensorBoard export', () => {
  it('uses TensorFlow\'s masked CRC-32C (the crc32c check value, masked)', () => {
    // CRC-32C("123456789") = 0xE3069283 (RFC 3720); masked: rotr15 + 0xa282ead8 mod 2^32.
    const crc = 0xe3069283;
    expect(maskedCrc32c(Buffer.from('123456789'))).toBe(((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) % 2 ** 32);
  });

  it('exports a tune stage\'s runs too, under tune/<runId>', () => {
    const sweep = path.join(work, 'tuned');
    writeRun(sweep, 'main-run', `${HEADER}0,0,0,0,,4.4,0.001,0.1\n8,2048,1,1,3.5,3.4,0.001,0.5\n`);
    writeRun(path.join(sweep, 'tune'), 'tune-run', `${HEADER}0,0,0,0,,4.4,0.01,0.1\n8,2048,1,1,3.6,3.5,0.01,0.5\n`);
    const out = path.join(work, 'tb-tuned');
    const { exported } = exportTensorboard(sweep, out);
    expect(exported.map((e) => path.relative(out, path.dirname(e.file)))).toEqual(['main-run', path.join('tune', 'tune-run')]);
    expectEventsMatchCurve(exported[1].file, path.join(sweep, 'tune', 'runs', 'tune-run', 'curve.csv'));
  });

  it('writes every curve value of every run, read back by an independent decoder', () => {
    const sweep = path.join(work, 'sweep');
    writeRun(sweep, 'run-a', `${HEADER}0,0,0,0,,4.427639067,0.001,0.154515411\n1,256,1,1,4.432030678,,0.001,0.23\n64,16384,2,2,3.018,3.127301872,0.0003,1.9\n`, { finishedAt: '2026-01-02T03:04:05.000Z' });
    writeRun(sweep, 'run-b', `${HEADER}0,0,0,0,,5.5,0.002,0.5\n1,100000000000,1,1,5.25,,1e-7,0.75\n2,2`); // still training
    writeRun(sweep, 'no-curve-yet', '');
    const out = path.join(work, 'tb');
    const { exported } = exportTensorboard(sweep, out);
    expect(exported.map((e) => e.runId)).toEqual(['run-a', 'run-b']);
    for (const { runId, file } of exported) {
      expect(path.dirname(file)).toBe(path.join(out, runId));
      expect(path.basename(file)).toMatch(/^events\.out\.tfevents\.\d+\.toyscale$/);
    }
    expectEventsMatchCurve(exported[0].file, path.join(sweep, 'runs', 'run-a', 'curve.csv'));
    const b = readRecords(fs.readFileSync(exported[1].file)).map(decodeEvent);
    expect(b.slice(1).map((e) => e.step)).toEqual([0, 1]); // the half-written row is not exported
    expect(b[2].values).toEqual([
      { tag: 'train_loss', value: Math.fround(5.25) },
      { tag: 'lr', value: Math.fround(1e-7) },
      { tag: 'tokens', value: Math.fround(1e11) },
    ]);
    // The run's start is its finishedAt less its last row's seconds.
    expect(readRecords(fs.readFileSync(exported[0].file)).map(decodeEvent)[0].wallTime).toBeCloseTo(Date.parse('2026-01-02T03:04:05.000Z') / 1000 - 1.9, 6);
  });

  it('replaces a run\'s file when exported again: same bytes, no second file', () => {
    const sweep = path.join(work, 'again');
    writeRun(sweep, 'run-a', `${HEADER}0,0,0,0,,4.4,0.001,0.1\n`, { finishedAt: '2026-01-02T03:04:05.000Z' });
    const out = path.join(work, 'tb-again');
    const [first] = exportTensorboard(sweep, out).exported;
    const bytes = fs.readFileSync(first.file);
    fs.writeFileSync(path.join(sweep, 'runs', 'run-a', 'summary.json'), JSON.stringify({ finishedAt: '2026-02-02T03:04:05.000Z' }));
    const [second] = exportTensorboard(sweep, out).exported;
    expect(fs.readdirSync(path.join(out, 'run-a'))).toEqual([path.basename(second.file)]);
    fs.writeFileSync(path.join(sweep, 'runs', 'run-a', 'summary.json'), JSON.stringify({ finishedAt: '2026-01-02T03:04:05.000Z' }));
    const [third] = exportTensorboard(sweep, out).exported;
    expect(fs.readFileSync(third.file)).toEqual(bytes);
  });

  it('the reader refuses a corrupted file (so the checks above can fail)', () => {
    const sweep = path.join(work, 'corrupt');
    writeRun(sweep, 'run-a', `${HEADER}0,0,0,0,,4.4,0.001,0.1\n`);
    const [run] = exportTensorboard(sweep, path.join(work, 'tb-corrupt')).exported;
    const bytes = fs.readFileSync(run.file);
    bytes[bytes.length - 6] ^= 1;
    expect(() => readRecords(bytes)).toThrow(/CRC/);
  });

  it('a value beyond float32 (a diverged run) is clamped with a note, and the other runs are still exported (issue 29 case 5)', () => {
    const sweep = path.join(work, 'diverged');
    writeRun(sweep, 'a-diverged', `${HEADER}0,0,0,0,,1e39,1e39,0.1\n1,10,1,1,-1e308,4,0.001,0.2\n`);
    writeRun(sweep, 'b-fine', `${HEADER}0,0,0,0,,4.4,0.001,0.1\n`);
    const { exported, notes } = exportTensorboard(sweep, path.join(work, 'tb-diverged'));
    expect(exported.map((e) => [e.runId, e.clamped])).toEqual([['a-diverged', 3], ['b-fine', 0]]);
    expect(notes.join('\n')).toMatch(/a-diverged: 3 value\(s\) beyond float32/);
    const events = readRecords(fs.readFileSync(exported[0].file)).map(decodeEvent);
    expect(events[1].values).toContainEqual({ tag: 'eval_loss', value: Math.fround(3.4028234663852886e38) });
    expect(events[2].values).toContainEqual({ tag: 'train_loss', value: -Math.fround(3.4028234663852886e38) });
  });

  it('exports only the runs of the current plan, and no folder without config.json (issue 29 cases 6, 13)', () => {
    const sweep = path.join(work, 'planned');
    for (const id of ['current', 'stale-1', 'stale-2']) writeRun(sweep, id, `${HEADER}0,0,0,0,,4.4,0.001,0.1\n`);
    fs.writeFileSync(path.join(sweep, 'plan.json'), JSON.stringify({ sweep: 'planned', specFile: 'x.ts', runIds: ['current', 'not-started'] }));
    fs.mkdirSync(path.join(sweep, 'runs', 'not-a-run'));
    fs.writeFileSync(path.join(sweep, 'runs', 'not-a-run', 'curve.csv'), `${HEADER}0,0,0,0,,4.4,0.001,0.1\n`);
    const { exported, notes } = exportTensorboard(sweep, path.join(work, 'tb-planned'));
    expect(exported.map((e) => e.runId)).toEqual(['current']);
    expect(notes.join('\n')).toMatch(/3 run folder\(s\) not in the current plan/);
    // Without plan.json, stale-runs.txt alone keeps its folders out; a folder without config.json is never a run.
    fs.rmSync(path.join(sweep, 'plan.json'));
    fs.writeFileSync(path.join(sweep, 'stale-runs.txt'), `${path.join(sweep, 'runs', 'stale-1')}\n`);
    const second = exportTensorboard(sweep, path.join(work, 'tb-planned-2'));
    expect(second.exported.map((e) => e.runId)).toEqual(['current', 'stale-2']);
    expect(second.notes.join('\n')).toMatch(/not-a-run: no config.json/);
  });
});
