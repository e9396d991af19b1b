/**
 * What code trained a run: toyscale's version and git commit, recorded in every summary.json
 * (runs.csv `toyscale_version`, `git_commit`). From a checkout the commit is HEAD, with
 * "-dirty" when tracked files differ from it; the offline bundle carries the commit it was built
 * from. null when neither is known (a copy without .git).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isBundled } from './bundled.ts';

declare const TOYSCALE_BUILD_COMMIT: string | undefined;
declare const TOYSCALE_BUILD_VERSION: string | undefined;

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
let cached: { version: string; commit: string | null } | undefined;

export function provenance(): { version: string; commit: string | null } {
  cached ??= isBundled ? { version: TOYSCALE_BUILD_VERSION ?? 'unknown', commit: TOYSCALE_BUILD_COMMIT ?? null } : { version: checkoutVersion(), commit: checkoutCommit() };
  return cached;
}

function checkoutVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? 'unknown';
}

/** HEAD (12 hex digits), "-dirty" when tracked files differ from it; null outside a git checkout. */
export function checkoutCommit(cwd: string = repoRoot): string | null {
  const git = (...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  try {
    const head = git('rev-parse', '--short=12', 'HEAD');
    return git('status', '--porcelain', '--untracked-files=no') === '' ? head : `${head}-dirty`;
  } catch {
    return null;
  }
}
