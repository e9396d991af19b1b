/** `toyscale watch <sweepDir>`: serves a live page of a sweep's curves and fits until Ctrl-C. */
import fs from 'node:fs';
import { isBundled } from '../io/bundled.ts';
import { isLoopback, startWatchServer, type WatchServer } from '../watch/server.ts';
import { parseCommandArgs } from './args.ts';
import { UserError } from '../base/user-error.ts';

export const DEFAULT_WATCH_PORT = 8790;

export const watchHelp = `Usage: toyscale watch <sweepDir> [--port P] [--host H]

Serves one page at http://127.0.0.1:${DEFAULT_WATCH_PORT}/ that shows a sweep as it trains (or after):
every run's training and held-out curves (log-log, coloured by N, from each run's curve.csv),
which runs are done, running or failed, and the fitted laws once fits.json exists. The page
updates itself every 2 s. Read-only: the server changes nothing and answers GET and HEAD only.

Options:
  --port <P>     port to listen on (default ${DEFAULT_WATCH_PORT}; 0 picks a free one)
  --host <H>     address to bind (default 127.0.0.1, this machine only); anything else lets other
                 machines read the sweep's curves, and prints a warning
  -h, --help     this help`;

export async function watchCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandArgs('watch', argv, { port: { type: 'string' }, host: { type: 'string' } });
  if (values.help) return void console.log(watchHelp);
  const dir = positionals[0];
  if (!dir || positionals.length > 1) throw new UserError('watch: give one sweep folder, e.g. toyscale watch runs/default');
  if (!isDirectory(dir)) throw new UserError(`watch: ${dir} is not a folder`);
  if (isBundled) throw new UserError('watch: the offline bundle does not carry the watch page yet; run toyscale watch from a checkout (toyscale export tensorboard works here)');
  const port = parsePort(values.port);
  const host = values.host ?? '127.0.0.1';
  const server = await listen(dir, host, port);
  console.log(`watching ${dir} at ${server.url}  (Ctrl-C to stop)`);
  await untilSignal();
  await server.close();
}

/** Starts the server, with bind failures (port taken, unknown host) as one-line user errors. */
export async function listen(sweepDir: string, host: string, port: number): Promise<WatchServer> {
  if (!isLoopback(host)) console.error(`toyscale: warning: watch is listening on ${host}, so anyone who can reach this machine can read this sweep's curves and fits`);
  try {
    return await startWatchServer({ sweepDir, host, port });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UserError(`watch: port ${port} on ${host} is in use (choose another with --port, or 0 for any free one)`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EACCES') throw new UserError(`watch: cannot listen on ${host}:${port} (${code})`);
    throw error;
  }
}

export function parsePort(value: string | undefined): number {
  if (value === undefined) return DEFAULT_WATCH_PORT;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new UserError(`watch: --port must be an integer from 0 to 65535, got "${value}"`);
  return port;
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/**
 * `toyscale sweep --watch`: the watch server inside the sweep's own process, for as long as the
 * sweep runs. The default port if it is free, else any free one: a taken port must not stop a
 * sweep. The address goes to stderr, beside the sweep's other messages.
 */
export async function watchBesideSweep(sweepDir: string): Promise<WatchServer | null> {
  if (isBundled) {
    console.error('toyscale: --watch: the offline bundle does not carry the watch page yet; training without it');
    return null;
  }
  let server: WatchServer;
  try {
    server = await startWatchServer({ sweepDir, host: '127.0.0.1', port: DEFAULT_WATCH_PORT });
  } catch {
    server = await startWatchServer({ sweepDir, host: '127.0.0.1', port: 0 });
  }
  console.error(`toyscale: watch this sweep at ${server.url} (while it runs; afterwards: toyscale watch ${sweepDir})`);
  return server;
}
