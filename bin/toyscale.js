#!/usr/bin/env node
// Entry point of the `toyscale` bin: registers tsx so the TypeScript sources and the user's
// experiment files (experiments/*.ts) load without a build step, then runs the CLI.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
// Exit explicitly: the wasm backend leaves handles open, and its uncaught-error hook must not run.
process.exit(await main(process.argv.slice(2)));
