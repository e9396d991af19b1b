/** Test helper: each test of the calling file runs with stdout captured and stderr silenced. */
import { afterEach, beforeEach, vi } from 'vitest';

/** Installs the capture; returns a function that gives what the current test printed so far. */
export function captureStdout(): () => string {
  let out: string[] = [];
  beforeEach(() => {
    out = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out.push(String(chunk));
      return true;
    });
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => vi.restoreAllMocks());
  return () => out.join('');
}
