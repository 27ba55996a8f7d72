// Builds the CLI ahead of time into dist-cli/ (plain JavaScript, no TypeScript loader at run time).
// Run by `npm install`/`npm ci` (the `prepare` script) and by bin/pipette.js when the build is
// missing or older than a source it was built from; bin/pipette.js runs it with V8's code cache
// (scripts/cli-launch.cjs). The layout mirrors src/ (dist-cli/cli/*.js)
// so that paths the code finds from its own location (the repository root, the study server's
// migrations, the suite's worker thread) hold in both worlds.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

import launch from './cli-launch.cjs';

export const { ROOT, OUT_DIR, ENTRY, MANIFEST, readManifest, staleInput } = launch;
/** Every file of the build sits here, as src/cli's files sit in src/cli. */
const CLI_DIR = join(OUT_DIR, 'cli');

export async function buildCli() {
  const esbuild = await import('esbuild');
  const startedAt = Date.now();
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: { run: 'src/cli/run.ts', 'suite-worker': 'src/cli/suite-worker.ts' },
    outdir: CLI_DIR,
    bundle: true,
    // CommonJS, so that bin/pipette.js can run it through vm.Script with V8's code cache (Node 20
    // has no code cache for ES modules): compiling the CLI was a third of its start-up.
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    define: { 'import.meta.url': '__moduleUrl', 'import.meta.dirname': '__dirname' },
    banner: { js: 'const __moduleUrl = require("node:url").pathToFileURL(__filename).href;' },
    // import.meta.resolve is used only when running from the TypeScript sources (suite-pool.ts).
    logOverride: { 'empty-import-meta': 'silent' },
    // import() becomes require(): code run through vm.Script cannot import (dependencies have CommonJS builds).
    supported: { 'dynamic-import': false },
    // Dependencies stay in node_modules, loaded as they are (PGlite brings its own WebAssembly).
    packages: 'external',
    minify: !process.env.PIPETTE_CLI_READABLE, // PIPETTE_CLI_READABLE=1: names kept, for profiling
    sourcemap: 'linked',
    plugins: [lazyDependencies(LAZY_DEPENDENCIES)],
    metafile: true,
    write: false,
    logLevel: 'warning',
  });
  // Written file by file through a rename, chunks before entries and the manifest last, so that a
  // CLI started during a rebuild by another process never reads a half-written file.
  const outputs = [...result.outputFiles].sort((a, b) => rank(a.path) - rank(b.path));
  for (const file of outputs) writeAtomically(file.path, file.contents);
  copyMigrations();
  // The files are CommonJS, whatever the repository's package.json says.
  writeAtomically(join(OUT_DIR, 'package.json'), '{ "type": "commonjs" }\n');
  const inputs = Object.keys(result.metafile.inputs).filter((p) => !p.startsWith('node_modules/') && !p.startsWith('pipette-lazy:'));
  inputs.push('scripts/build-cli.mjs', 'scripts/cli-launch.cjs', 'package.json');
  writeAtomically(MANIFEST, JSON.stringify({ builtAt: startedAt, inputs }, null, 1));
  removeOldCodeCaches(startedAt);
  warmCodeCache();
  return { files: outputs.length, inputs: inputs.length, ms: Date.now() - startedAt };
}

/** Code caches of earlier builds (cli-launch.cjs names each by its build). */
function removeOldCodeCaches(builtAt) {
  const current = launch.codeCacheFile(ENTRY, builtAt);
  for (const name of readdirSync(CLI_DIR)) {
    const path = join(CLI_DIR, name);
    if (name.endsWith('.cache') && path !== current) rmSync(path, { force: true });
  }
}

/**
 * The code cache is made by the first run of a build, from what that run compiled: made by
 * `--help`, it left a resolve to compile most of its code on every start (0.18 s CPU instead of
 * 0.15 s on a small case). So the build resolves a bundled conflict once, with its explanation.
 */
function warmCodeCache() {
  const run = spawnSync(process.execPath, [join(ROOT, 'bin/pipette.js'), 'scenario', join(ROOT, 'public/scenarios/transitive-clash.json')], { stdio: 'ignore', timeout: 60_000 });
  // Exit 1 is the answer here (no solution). Otherwise only speed is at stake: the first command run makes the cache.
  if (run.status !== 1) console.warn(`pipette: the CLI's code cache was not prepared (${run.error?.message ?? `exit ${run.status ?? run.signal}`})`);
}

/**
 * Modules that only some commands use, loaded on first use instead of at start-up: together
 * they were a third of a small resolve's start-up (fflate alone builds its tables for 10 ms).
 */
const LAZY_DEPENDENCIES = ['fflate', 'smol-toml', 'node:crypto', 'node:fs/promises', 'node:os', 'node:worker_threads'];

/**
 * Each import of a module in `names` becomes a stand-in whose exports are getters that require
 * the module on first use. The bundle reads an import's members where they are used, so nothing
 * loads before it is needed; the real values come back, classes and `instanceof` included.
 */
function lazyDependencies(names) {
  const namespace = 'pipette-lazy';
  const filter = new RegExp(`^(${names.map((n) => n.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`);
  return {
    name: 'lazy-dependencies',
    setup(build) {
      build.onResolve({ filter }, (args) => (args.namespace === namespace ? { path: args.path, external: true } : { path: args.path, namespace }));
      build.onLoad({ filter: /.*/, namespace }, (args) => ({ contents: lazyModule(args.path), loader: 'js', resolveDir: ROOT }));
    },
  };
}

function lazyModule(name) {
  const keys = Object.keys(requireFromRoot(name)).filter((key) => key !== 'default' && key !== '__esModule');
  return [
    `let loaded;`,
    `const load = () => (loaded ??= require(${JSON.stringify(name)}));`,
    `for (const key of ${JSON.stringify(keys)}) Object.defineProperty(exports, key, { get: () => load()[key], enumerable: true });`,
  ].join('\n');
}

function requireFromRoot(name) {
  return createRequire(join(ROOT, 'package.json'))(name);
}

function rank(path) {
  const name = relative(CLI_DIR, path);
  return name === 'run.js' || name === 'suite-worker.js' ? 1 : 0;
}

function writeAtomically(path, contents) {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, path);
}

/** The study server reads its SQL migrations from beside its own code. */
function copyMigrations() {
  const from = join(ROOT, 'src/server/migrations');
  const to = join(CLI_DIR, 'migrations');
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from)) copyFileSync(join(from, name), join(to, name));
}

export function cleanCli() {
  rmSync(OUT_DIR, { recursive: true, force: true });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  // Run by hand or by `prepare`: start clean (bin/pipette.js's rebuilds leave old chunks alone, since
  // a CLI started just before may still be loading them).
  cleanCli();
  const { files, inputs, ms } = await buildCli();
  console.log(`pipette CLI built into ${relative(process.cwd(), OUT_DIR) || '.'}/ (${files} files from ${inputs} sources) in ${ms} ms`);
}
