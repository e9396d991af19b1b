/**
 * curve.csv read as it grows, for the watch server: each read takes only the bytes appended since
 * the last one (from the offset after the last complete line), so a request costs what changed,
 * not the whole curve. Memory per run is bounded: past MAX_POINTS rows the kept points are thinned
 * (every other one, and from then on every 2nd, 4th… row), the latest row always kept; a request
 * reads at most a byte budget over all runs, and a run not caught up says how far behind it is.
 * A file replaced (other inode) or shorter than the offset (a rerun started afresh) is read anew.
 */
import fs from 'node:fs';
import { curveRow, type CurvePoint } from './curve-parse.ts';

/** Points kept per run: enough for a curve on the page, bounded whatever the file's size. */
export const MAX_POINTS = 2000;
/** Bytes read from one file in one go. */
const CHUNK_BYTES = 4 * 1024 * 1024;

interface Tail {
  dev: number;
  ino: number;
  /** Bytes consumed: the file up to and including its last complete line read so far. */
  offset: number;
  header: string[] | null;
  kept: CurvePoint[];
  last: CurvePoint | null;
  rows: number;
  stride: number;
}

export interface CurveRead {
  points: CurvePoint[];
  /** Bytes of the file not read yet (over this request's budget); 0 when caught up. */
  behind: number;
  /** True when the points are a thinned view (more rows than MAX_POINTS). */
  thinned: boolean;
}

/** A byte budget shared by the reads of one request. */
export interface ReadBudget {
  bytes: number;
}

export class CurveTails {
  private readonly tails = new Map<string, Tail>();
  private seen = new Set<string>();

  /** Reads what `file` gained since the last call; null when it is absent or not a regular file. */
  read(file: string, budget: ReadBudget): CurveRead | null {
    this.seen.add(file);
    let fd: number;
    try {
      fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
    } catch {
      this.tails.delete(file);
      return null;
    }
    try {
      const stat = fs.fstatSync(fd);
      if (!stat.isFile()) {
        this.tails.delete(file);
        return null;
      }
      let tail = this.tails.get(file);
      if (!tail || tail.dev !== stat.dev || tail.ino !== stat.ino || stat.size < tail.offset) {
        tail = { dev: stat.dev, ino: stat.ino, offset: 0, header: null, kept: [], last: null, rows: 0, stride: 1 };
        this.tails.set(file, tail);
      }
      while (tail.offset < stat.size && budget.bytes > 0) {
        const want = Math.min(stat.size - tail.offset, CHUNK_BYTES, budget.bytes);
        const buffer = Buffer.alloc(want);
        const got = fs.readSync(fd, buffer, 0, want, tail.offset);
        budget.bytes -= got;
        if (got <= 0) break;
        const end = buffer.lastIndexOf(0x0a, got - 1);
        if (end < 0) {
          // No complete line in a whole chunk: a line longer than any curve row; skip it.
          if (got === CHUNK_BYTES) tail.offset += got;
          break;
        }
        this.consume(tail, buffer.toString('utf8', 0, end + 1));
        tail.offset += end + 1;
      }
      const points = tail.last && tail.kept[tail.kept.length - 1] !== tail.last ? [...tail.kept, tail.last] : [...tail.kept];
      // Left unread with budget to spare is a row still being written, not "behind".
      const behind = budget.bytes <= 0 ? stat.size - tail.offset : 0;
      return { points, behind, thinned: tail.stride > 1 };
    } catch {
      return null;
    } finally {
      fs.closeSync(fd);
    }
  }

  /** Forgets runs not read since the last call (their folders are gone). */
  sweep(): void {
    for (const file of this.tails.keys()) if (!this.seen.has(file)) this.tails.delete(file);
    this.seen = new Set();
  }

  private consume(tail: Tail, text: string): void {
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      if (tail.header === null) {
        tail.header = line.split(',').map((c) => c.trim());
        continue;
      }
      const point = curveRow(tail.header, line);
      if (point === null) continue;
      tail.last = point;
      if (tail.rows++ % tail.stride !== 0) continue;
      tail.kept.push(point);
      if (tail.kept.length > MAX_POINTS) {
        tail.kept = tail.kept.filter((_, i) => i % 2 === 0);
        tail.stride *= 2;
      }
    }
  }
}
