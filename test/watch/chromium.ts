/**
 * Headless Chromium for the watch page's browser tests (Debian's `chromium`). Absent, the tests
 * skip with one line, except under CI=true, where .ci/run installs it and its absence fails.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function chromiumPath(): string | null {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const name of ['chromium', 'chromium-browser']) {
    for (const dir of dirs) {
      const file = path.join(dir, name);
      try {
        fs.accessSync(file, fs.constants.X_OK);
        return file;
      } catch {
        // not here
      }
    }
  }
  if (process.env.CI === 'true') throw new Error('CI=true but chromium is not installed; .ci/run must install it (apt-get install -y chromium)');
  console.warn('skipping the watch page browser tests: chromium is not installed (apt-get install -y chromium)');
  return null;
}

/**
 * Loads `url` in a fresh profile with nothing on the side (no network besides the page, no
 * updates, no sync) and returns the DOM after `budgetMs` of virtual time, or writes a screenshot.
 * Asynchronous: the server under test runs in this process and must keep answering meanwhile.
 */
export async function runChromium(chromium: string, url: string, mode: { dumpDom: true } | { screenshot: string; size: string }, budgetMs = 8000): Promise<string> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'toyscale-chromium-'));
  try {
    const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', `--user-data-dir=${profile}`, `--virtual-time-budget=${budgetMs}`];
    if ('dumpDom' in mode) args.push('--dump-dom');
    else args.push(`--screenshot=${mode.screenshot}`, `--window-size=${mode.size}`, '--hide-scrollbars');
    const child = spawn(chromium, [...args, url], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 90_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | string | null>((resolve) => child.on('close', (c, signal) => resolve(c ?? signal)));
    if (code !== 0) throw new Error(`chromium exited ${code}: ${stderr.slice(-800)}`);
    return stdout;
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
}
