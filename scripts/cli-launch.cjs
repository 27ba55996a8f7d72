// What bin/pipette.js needs on every start, kept to plain CommonJS so that starting the CLI loads
// nothing else: where the build is, whether a source is newer than it, and running it with V8's
// code cache (what v8-compile-cache does, for the one file of the built CLI). Building is
// scripts/build-cli.mjs, loaded only when the build is missing or stale.
'use strict';
const { readFileSync, renameSync, statSync, writeFileSync } = require('node:fs');
const { createRequire, Module } = require('node:module');
const { dirname, join } = require('node:path');
const v8 = require('node:v8');
const vm = require('node:vm');

const ROOT = join(__dirname, '..');
const OUT_DIR = join(ROOT, 'dist-cli');
const ENTRY = join(OUT_DIR, 'cli', 'run.js');
/** Every source the build read, with the build's time: what bin/pipette.js checks for staleness. */
const MANIFEST = join(OUT_DIR, 'inputs.json');

/** The sources behind the current build, or null when there is no complete build. */
function readManifest() {
  try {
    return JSON.parse(readFileSync(MANIFEST, 'utf8'));
  } catch {
    return null;
  }
}

/** The first source newer than the build (or gone), or null when the build is current. */
function staleInput(manifest = readManifest()) {
  if (!manifest) return 'no build yet';
  const root = `${ROOT}/`;
  for (const input of manifest.inputs) {
    const stats = statSync(root + input, { throwIfNoEntry: false });
    if (!stats) return `${input} is gone`;
    if (stats.mtimeMs > manifest.builtAt) return `${input} changed`;
  }
  return null;
}

/**
 * The code cache of `file` for the build made at `builtAt`. Named by the build, because V8 checks
 * a cache against the source's length only: a rebuild of the same length would take the old
 * build's code. scripts/build-cli.mjs removes older caches and makes this one.
 */
function codeCacheFile(file, builtAt) {
  return `${file}.${builtAt}.cache`;
}

/**
 * V8 optimises a function once it has run about 66 kB of its bytecode, and compiles it on another
 * thread: on a run of a fraction of a second that compiling (over 400 ms of CPU traced on
 * boto3's resolve, most of it for functions that run a few milliseconds more) costs more than it
 * saves. Fifteen times that budget leaves only what is really hot to the optimising compiler; a
 * long run still gets it (pigeonhole n=10 took 8.1 s against 8.3 s). Set before the code cache
 * is read: V8 checks a cache against the flags it was made with.
 */
const SHORT_RUN_FLAGS = '--interrupt-budget=1000000';

/**
 * Runs a CommonJS file with V8's code cache kept beside it (codeCacheFile); a cache that is
 * missing or that V8 rejects (another Node) is made at exit, from what this run compiled.
 */
function runWithCodeCache(file, builtAt) {
  v8.setFlagsFromString(SHORT_RUN_FLAGS);
  const source = readFileSync(file, 'utf8');
  const cacheFile = codeCacheFile(file, builtAt);
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(source), {
    filename: file,
    cachedData,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const module = new Module(file);
  module.filename = file;
  module.paths = Module._nodeModulePaths(dirname(file));
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  if (cachedData === undefined || script.cachedDataRejected) {
    // After the run has started: what ran at start-up is compiled by now, and goes into the cache.
    process.once("exit", () => {
      try {
        const temporary = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(temporary, script.createCachedData());
        renameSync(temporary, cacheFile);
      } catch {
        // A read-only install runs without the cache.
      }
    });
  }
}

module.exports = { ROOT, OUT_DIR, ENTRY, MANIFEST, readManifest, staleInput, codeCacheFile, runWithCodeCache };
