/**
 * Rebuild every CSV, fit, plot and report under results/ from the committed run folders, without
 * training; with --retrain, train the named sweeps again from scratch first.
 *
 *   npm run regenerate                                   # rebuild results/*, results/README.md, the README block
 *   npm run regenerate -- --retrain kaplan-n kaplan-d    # retrain those two from experiments/<name>.ts, then rebuild
 *   npm run regenerate -- --retrain                      # retrain every sweep under results/ that has a spec
 *
 * Options: --results DIR (default results), --experiments DIR (default experiments),
 * --backend NAME and --workers K (passed to toyscale sweep when retraining), --no-readme.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { UserError } from '../src/base/user-error.ts';
import { FileError, fileErrorOf } from '../src/base/file-error.ts';
import { BACKENDS, isBackendRequest } from '../src/backend/names.ts';
import { positiveInt } from '../src/cli/args.ts';
import { regenerate } from '../src/pipeline/regenerate.ts';

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        retrain: { type: 'boolean', default: false },
        results: { type: 'string', default: 'results' },
        experiments: { type: 'string', default: 'experiments' },
        backend: { type: 'string' },
        workers: { type: 'string' },
        'no-readme': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    console.error(`regenerate: ${(e as Error).message}`);
    return 2;
  }
  const v = parsed.values;
  if (v.help) {
    console.log('usage: npm run regenerate [-- --retrain [sweep …]] [--results DIR] [--experiments DIR] [--backend NAME] [--workers K] [--no-readme]');
    return 0;
  }
  if (!v.retrain && parsed.positionals.length > 0) {
    console.error(`regenerate: sweep names (${parsed.positionals.join(', ')}) only go with --retrain`);
    return 2;
  }
  try {
    if (v.backend !== undefined && !isBackendRequest(v.backend)) throw new UserError(`unknown backend "${v.backend}": choose auto, ${BACKENDS.join(', ')}`);
    const reports = await regenerate({
      resultsDir: v.results,
      experimentsDir: v.experiments,
      backupDir: path.join('tmp', 'regenerate-previous'),
      backend: v.backend,
      workers: positiveInt('regenerate', 'workers', v.workers),
      retrain: v.retrain ? parsed.positionals : null,
      readme: v['no-readme'] ? null : 'README.md',
    });
    for (const r of reports) console.log(`report → ${r}`);
    console.log(`index → ${path.join(v.results, 'README.md')}`);
    return 0;
  } catch (e) {
    if (e instanceof UserError) {
      console.error(`regenerate: ${e.message}`);
      return 2;
    }
    const fileError = e instanceof FileError ? e : fileErrorOf(e);
    if (fileError) {
      console.error(`regenerate: ${fileError.message}`); // a full disk or read-only folder: one line, the files as they were
      return 1;
    }
    console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    return 1;
  }
}

// Exit explicitly: a retrained sweep may leave tfjs handles open.
process.exit(await main(process.argv.slice(2)));
