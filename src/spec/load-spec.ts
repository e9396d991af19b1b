/**
 * Loads an experiment file (a TypeScript module default-exporting a spec) and validates it, on a
 * worker thread with a deadline: a spec is user code, and one that loops at import must not keep
 * the CLI from stopping on a signal (the main thread stays free to handle it) or run forever.
 */
import fs from 'node:fs';
import Module, { register } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { bundleDir, isBundled } from '../io/bundled.ts';
import { UserError } from '../base/user-error.ts';
import { parseSweepSpec, SpecError, type SweepSpec } from './spec.ts';

/** What the spec thread (spec-thread.ts) answers. */
export type SpecThreadReply = { kind: 'ok'; spec: SweepSpec } | { kind: 'user'; message: string } | { kind: 'bug'; message: string };

/** How long a spec may take to load (TOYSCALE_SPEC_TIMEOUT_S overrides): one that takes longer is stopped. */
export function specTimeoutSeconds(env: NodeJS.ProcessEnv = process.env): number {
  const raw = Number(env.TOYSCALE_SPEC_TIMEOUT_S);
  return Number.isFinite(raw) && raw > 0 ? raw : 120;
}

/**
 * Loads a spec on a worker thread (spec-thread.ts) and waits at most specTimeoutSeconds(); the
 * thread is terminated at the deadline, and then the load is a UserError. Meanwhile the main
 * thread handles signals: SIGTERM during a spec's endless loop ends the command at once.
 */
export async function loadSpec(file: string): Promise<SweepSpec> {
  if (!fs.existsSync(path.resolve(file))) throw new UserError(`${file}: no such spec file`);
  const seconds = specTimeoutSeconds();
  const worker = startSpecThread(path.resolve(file));
  try {
    const reply = await new Promise<SpecThreadReply>((resolve, reject) => {
      const timer = setTimeout(() => reject(new UserError(`${file}: did not finish loading within ${seconds} s (a loop at import?); stopped. TOYSCALE_SPEC_TIMEOUT_S sets the limit`)), seconds * 1000);
      timer.unref();
      worker.once('message', (message: SpecThreadReply) => (clearTimeout(timer), resolve(message)));
      worker.once('error', (error) => (clearTimeout(timer), reject(new UserError(loadErrorText(file, error)))));
      worker.once('exit', (code) => (clearTimeout(timer), reject(new UserError(`${file}: loading it ended the process (exit code ${code}): a spec must not call process.exit`))));
    });
    if (reply.kind === 'ok') return reply.spec;
    if (reply.kind === 'user') throw new UserError(reply.message);
    throw new Error(reply.message);
  } finally {
    void worker.terminate();
  }
}

/**
 * From a checkout the thread registers tsx's loader itself, then imports spec-thread.ts (Node 20
 * ignores --import in a worker's execArgv); in the offline bundle it is the bundle itself with
 * `__child spec` (child-dispatch.ts), as the fit pool's threads are.
 */
function startSpecThread(file: string): Worker {
  const workerData = { file };
  if (isBundled) return new Worker(fileURLToPath(import.meta.url), { argv: ['__child', 'spec'], workerData });
  const source = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
  .then(({ register }) => { register(); return import(${JSON.stringify(new URL('./spec-thread.ts', import.meta.url).href)}); })`;
  return new Worker(source, { eval: true, workerData });
}

/**
 * Loads a spec in this thread (the spec thread's work). Running a spec is running code: it is a
 * module, imported with the user's rights. A `text` task's relative path is resolved from the
 * spec's folder, so the spec works from any working directory.
 */
export async function loadSpecHere(file: string): Promise<SweepSpec> {
  const absolute = path.resolve(file);
  if (!fs.existsSync(absolute)) throw new UserError(`${file}: no such spec file`);
  let exported: unknown;
  try {
    if (!isBundled) resolveToyscaleFromCommonJs();
    const module = (await importSpec(absolute)) as { default?: unknown };
    exported = unwrapCommonJsDefault(module.default);
  } catch (error) {
    throw new UserError(loadErrorText(file, error));
  }
  if (exported === undefined) throw new UserError(`${file}: has no default export (export default defineSweep({...}))`);
  let spec: SweepSpec;
  try {
    spec = parseSweepSpec(exported, file);
  } catch (error) {
    if (error instanceof SpecError) throw new UserError(error.message);
    throw error;
  }
  return withPathsFrom(path.dirname(absolute), spec);
}

/** A text task's path, relative in the spec, made absolute from the spec's own folder. */
function withPathsFrom(specDir: string, spec: SweepSpec): SweepSpec {
  const task = spec.task;
  if (task.kind === 'text' && !path.isAbsolute(task.path)) return { ...spec, task: { ...task, path: path.resolve(specDir, task.path) } };
  if (task.kind === 'nanogpt-bin' && !path.isAbsolute(task.dir)) return { ...spec, task: { ...task, dir: path.resolve(specDir, task.dir) } };
  return spec;
}

/**
 * One line that says where: esbuild's "Transform failed with 1 error:" is followed by
 * "<file>:<line>:<column>: ERROR: <what>", which is the part worth printing.
 */
function loadErrorText(file: string, error: unknown): string {
  if (!(error instanceof Error)) return `${file}: cannot load: ${String(error)}`;
  const located = /^(.+?):(\d+):(\d+): ERROR: (.*)$/m.exec(error.message);
  if (located) {
    const [line, column] = [located[2], Number(located[3]) + 1]; // esbuild counts columns from 0, editors from 1
    return `${file}:${line}:${column}: syntax error: ${located[4]} (line ${line}, column ${column})`;
  }
  return `${file}: cannot load: ${error.message.split('\n')[0]}`;
}

const PUBLIC_ENTRY = fileURLToPath(new URL('../index.ts', import.meta.url));
let patched = false;

/**
 * `import { defineSweep } from 'toyscale'` in a spec compiled as CommonJS (outside an ESM package)
 * goes through require(), which ESM resolve hooks do not see: map the name to this toyscale.
 */
function resolveToyscaleFromCommonJs(): void {
  if (patched) return;
  patched = true;
  const cjs = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
  const original = cjs._resolveFilename;
  cjs._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]): string {
    return request === 'toyscale' ? PUBLIC_ENTRY : original.call(this, request, ...rest);
  };
}

/**
 * From a checkout, under tsx's loader: a spec outside an ESM package (say in /tmp) is compiled as
 * CommonJS, and then its default export arrives one level down. Without the loader in this
 * process (Node 20 refuses '.ts'), tsx's tsImport. In the offline bundle,
 * whose Node strips types itself, a plain import; its hooks map 'toyscale' to the bundled API.
 */
async function importSpec(file: string): Promise<unknown> {
  registerSpecHooks();
  if (isBundled) return import(pathToFileURL(file).href);
  // An ESM spec (experiments/ in the checkout), where tsx's loader already serves the whole
  // process (the CLI registers it): a plain import shares the modules loaded already (spec.ts,
  // zod), where tsImport would load its own copies (≈ 0.2 s of a sweep's start on a quiet machine,
  // seconds on a busy one). A CommonJS spec needs tsImport's copies: its require() of 'toyscale'
  // would otherwise close a cycle through this module.
  if (inEsmPackage(file)) {
    try {
      return await import(pathToFileURL(file).href);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw error;
    }
  }
  const { tsImport } = await import('tsx/esm/api');
  return tsImport(file, import.meta.url);
}

/** Whether the nearest package.json above the file says "type": "module". */
function inEsmPackage(file: string): boolean {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      try {
        return (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { type?: unknown }).type === 'module';
      } catch {
        return false;
      }
    }
    if (path.dirname(dir) === dir) return false;
  }
}

let hooked = false;

/**
 * A spec's `import … from 'toyscale'` resolves to the toyscale that runs it, wherever the spec
 * lies: src/index.ts from a checkout, api.mjs in the bundle (where the bundled experiments'
 * '../src/spec/spec.ts' maps there too, since no sources ship). An ESM resolve hook, registered
 * once, from source; CommonJS specs go through resolveToyscaleFromCommonJs instead.
 */
function registerSpecHooks(): void {
  if (hooked) return;
  hooked = true;
  const target = isBundled ? pathToFileURL(path.join(bundleDir(), 'api.mjs')).href : pathToFileURL(PUBLIC_ENTRY).href;
  const alsoSpecPath = isBundled ? String.raw`|| /(^|\/)src\/spec\/spec(\.ts)?$/.test(specifier)` : '';
  const hooks = `export async function resolve(specifier, context, next) {
  if (specifier === 'toyscale' ${alsoSpecPath}) return { url: ${JSON.stringify(target)}, shortCircuit: true };
  return next(specifier, context);
}`;
  register(`data:text/javascript,${encodeURIComponent(hooks)}`);
}

function unwrapCommonJsDefault(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && 'default' in value && !('name' in value)) {
    return (value as { default: unknown }).default;
  }
  return value;
}
