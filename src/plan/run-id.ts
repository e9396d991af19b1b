/**
 * A run's id: a readable prefix plus a hash of its resolved config, so re-planning never renames
 * a finished run, and editing one budget or size leaves every other run's id untouched.
 */
import { createHash } from 'node:crypto';
import type { RunConfig } from '../train/run-config.ts';

export function runIdFor(config: Omit<RunConfig, 'runId'>): string {
  const hash = createHash('sha256').update(canonicalJson(config)).digest('hex').slice(0, 10);
  return `${config.model.family}-n${compact(config.counts.nNonembed)}-d${compact(config.tokens)}-s${config.seed}-${hash}`;
}

/** JSON with object keys sorted at every level, so key order never changes a hash. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** 1234567 → "1.2M": short, filesystem-safe. */
export function compact(n: number): string {
  const units: Array<[number, string]> = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']];
  for (const [size, suffix] of units) {
    if (n >= size) return `${Number((n / size).toPrecision(2))}${suffix}`;
  }
  return String(n);
}
