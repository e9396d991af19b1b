/** Compares an exported event file with the curve.csv it came from, value by value. */
import fs from 'node:fs';
import { expect } from 'vitest';
import { readCsv } from '../../src/io/csv.ts';
import { decodeEvent, readRecords } from './tfevents-reader.ts';

const TAGS = ['train_loss', 'eval_loss', 'lr', 'tokens'];

export function expectEventsMatchCurve(eventsFile: string, curveFile: string): void {
  const events = readRecords(fs.readFileSync(eventsFile)).map(decodeEvent);
  expect(events[0].fileVersion).toBe('brain.Event:2');
  const rows = readCsv(curveFile);
  expect(events.slice(1)).toHaveLength(rows.length);
  const start = events[0].wallTime;
  rows.forEach((row, i) => {
    const event = events[i + 1];
    expect(event.step).toBe(Number(row.step));
    expect(event.wallTime).toBeCloseTo(start + Number(row.seconds), 6);
    const expected = TAGS.filter((tag) => row[tag] !== '').map((tag) => ({ tag, value: Math.fround(Number(row[tag])) }));
    expect(event.values).toEqual(expected);
  });
}

