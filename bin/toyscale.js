#!/usr/bin/env node
// Entry point of the `toyscale` bin: registers tsx so the TypeScript sources and the user's
// experiment files (experiments/*.ts) load without a build step, then runs the CLI.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
const code = await main(process.argv.slice(2));
// Exit explicitly (the wasm backend leaves handles open), but only once stdout and stderr have
// drained: a piped `fit --json` or `--progress json` longer than the pipe buffer is otherwise cut.
await Promise.all([process.stdout, process.stderr].map((stream) => new Promise((resolve) => stream.write('', resolve))));
// One turn of the event loop, so a signal that came during synchronous work is handled (and
// reported) rather than lost behind an exit status of 0.
await new Promise((resolve) => setImmediate(resolve));
process.exit(code);
