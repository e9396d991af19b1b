/**
 * Child-process entry: trains exactly one run.
 * `node --import tsx worker.ts <runDir> <backend> <sweepPid>`, or
 * `node --import tsx worker.ts --standby <backend request> <sweepPid>`: a worker started before its
 * run is known, while the sweep loads its spec and data. It selects the backend, tells the sweep
 * which one (it is the sweep's backend probe too), and waits for its run over IPC; then it is a
 * worker like any other, with its start-up already behind it.
 * Takes the run folder's lock first (see run-lock.ts), appends the curve as it goes and writes
 * summary.json last, atomically; a run killed before that has no summary and is rerun from the
 * start. Progress goes to the parent over IPC.
 *
 * An orphan (its sweep was kill -9ed) must not write another byte: every write first checks that
 * the parent pid is unchanged, and the IPC 'disconnect' event (which can fire between the training
 * loop's host reads) ends the process at once.
 */
import { probeHere, selectBackend } from '../backend/select.ts';
import { isBackendRequest, type BackendName, type BackendRequest } from '../backend/names.ts';
import { loadDataset } from '../data/load.ts';
import { createNewFile, removeFile, writeJsonAtomic } from '../io/atomic-write.ts';
import { csvHeader, csvLine } from '../io/csv.ts';
import { writeErrorFile } from '../io/formats/error-file.ts';
import { trainRun } from '../train/train-run.ts';
import { dataFingerprint } from '../data/fingerprint.ts';
import { provenance } from '../io/provenance.ts';
import { EXIT_BUSY, EXIT_ORPHAN, REASON_PREFIX, type SweepMessage, type WorkerMessage } from './worker-protocol.ts';
import { acquireRunLock, type RunLock } from './run-lock.ts';
import { CURVE_COLUMNS, curvePath, errorPath, isFinished, readConfig, removeStaleTemps, summaryPath, type RunSummary } from './run-files.ts';

// The sweep passes its pid: a worker whose sweep died before this line ran has been reparented
// already, so the pid seen at start-up is not enough.
const sweepPid = Number(process.argv[4] ?? process.ppid);
let lock: RunLock | null = null;
/** The run folder, once known: the error handler writes error.txt there. */
let runFolder: string | undefined;

/** Exits at once, writing nothing, if the sweep that started this worker is gone. */
function ensureParent(): void {
  if (process.ppid !== sweepPid) process.exit(EXIT_ORPHAN);
}

async function main(): Promise<number> {
  const standby = process.argv[2] === '--standby';
  const [dir, backendName] = standby ? [undefined, process.argv[3]] : process.argv.slice(2);
  if ((!standby && !dir) || !backendName || !isBackendRequest(backendName)) throw new Error('usage: worker.ts <runDir> <backend> [sweepPid] | --standby <backend> <sweepPid>');
  if (process.send) {
    process.on('disconnect', () => process.exit(EXIT_ORPHAN));
    if (!process.connected) return EXIT_ORPHAN;
  }
  ensureParent();
  if (!standby) return trainOne(dir!, backendName);
  const assigned = waitForRun(); // listening before 'ready' goes out, so no message is missed
  const probe = await probeHere(backendName);
  send({ type: 'ready', probe });
  if (!probe.ok) return 0;
  const run = await assigned;
  return trainOne(run.dir, run.backend);
}

/** The run a standby worker is given (its folder and the backend the sweep resolved). */
function waitForRun(): Promise<{ dir: string; backend: BackendName }> {
  return new Promise((resolve) => {
    const onMessage = (message: SweepMessage) => {
      if (message.type !== 'run') return;
      process.off('message', onMessage);
      resolve(message);
    };
    process.on('message', onMessage);
  });
}

async function trainOne(dir: string, backendName: BackendRequest): Promise<number> {
  runFolder = dir;
  const config = readConfig(dir);
  const taken = await acquireRunLock(dir, sweepPid);
  if (!taken.ok) {
    send({ type: 'busy', runId: config.runId, why: taken.why });
    return EXIT_BUSY;
  }
  lock = taken.lock;
  if (isFinished(dir)) return 0; // finished by an earlier worker after our sweep planned it
  ensureParent();
  removeStaleTemps(dir);
  removeFile(summaryPath(dir)); // a summary whose curve does not match it
  removeFile(errorPath(dir));

  const backend = await selectBackend(backendName);
  const data = await loadDataset(config.task);
  send({ type: 'started', runId: config.runId, backend: backend.name, device: backend.device });

  ensureParent();
  // A rerun starts its curve afresh; a link planted at curve.csv is removed, never written through.
  const curve = createNewFile(curvePath(dir));
  const append = (text: string) => curve.append(text);
  append(csvHeader(CURVE_COLUMNS));
  const outcome = await trainRun(config, data, backend, {
    onRow(row) {
      ensureParent();
      append(csvLine(row, CURVE_COLUMNS));
      lock?.heartbeat();
      send({ type: 'progress', runId: config.runId, step: row.step, steps: config.steps, tokens: row.tokens, evalLoss: row.eval_loss, seconds: row.seconds });
    },
  });
  const curveBytes = curve.sync();
  curve.close();

  const unique = data.kind === 'sequence' ? data.trainTokens : data.trainExamples;
  const summary: RunSummary = {
    runId: config.runId,
    status: outcome.status,
    reason: outcome.reason,
    finalEvalLoss: outcome.finalEvalLoss,
    finalEvalSe: outcome.finalEvalSe,
    bestEvalLoss: outcome.bestEvalLoss,
    stepsCompleted: outcome.stepsCompleted,
    tokensTrained: outcome.tokensTrained,
    epochs: outcome.tokensTrained / unique,
    seconds: outcome.seconds,
    tokensPerSecond: outcome.tokensPerSecond,
    backend: backend.name,
    device: backend.device,
    unigramEntropy: data.kind === 'sequence' ? data.unigramEntropy : undefined,
    trueEntropyRate: data.kind === 'sequence' ? data.trueEntropyRate : undefined,
    noiseFloor: data.kind === 'regression' ? data.noiseFloor : undefined,
    finishedAt: new Date().toISOString(),
    curveBytes,
    toyscaleVersion: provenance().version,
    gitCommit: provenance().commit,
    dataHash: dataFingerprint(data),
  };
  ensureParent();
  writeJsonAtomic(summaryPath(dir), summary);
  return 0;
}

function send(message: WorkerMessage): void {
  if (process.connected) process.send?.(message);
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? `${error.name === 'Error' || error.name === 'FileError' ? '' : `${error.name}: `}${error.message}` : String(error);
  return message.split('\n')[0];
}

// Catch everything here: the wasm backend re-throws uncaught errors with its whole minified source.
main().then(
  (code) => {
    lock?.release();
    process.exit(code);
  },
  (error: unknown) => {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    const dir = runFolder;
    // The reason first, as one line (the sweep shows the last line of stderr when no error.txt
    // could be written, e.g. on a full disk); nothing below may throw again.
    process.stderr.write(`${REASON_PREFIX}${firstLine(error)}\n`);
    // Only the lock holder may write into the folder, and never an orphan.
    if (lock && dir && process.ppid === sweepPid) {
      try {
        writeErrorFile(errorPath(dir), `${text}\n`);
      } catch (writeError) {
        process.stderr.write(`${firstLine(writeError)}\n${REASON_PREFIX}${firstLine(error)}\n`);
      }
      lock.release();
    }
    process.exit(1);
  },
);
