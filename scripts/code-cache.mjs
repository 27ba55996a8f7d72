// Runs a CommonJS file with V8's code cache kept beside it (FILE.cache), so that later starts
// skip compiling it: what v8-compile-cache does, for the one file of the built CLI. A cache V8
// rejects (another Node, a rebuilt file) is simply made again.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { dirname } from 'node:path';
import vm from 'node:vm';

export function runWithCodeCache(file) {
  const source = readFileSync(file, 'utf8');
  const cacheFile = `${file}.cache`;
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
  const require = createRequire(file);
  script.runInThisContext()(module.exports, require, module, file, dirname(file));
  if (cachedData === undefined || script.cachedDataRejected) {
    // After the run has started: what ran at start-up is compiled by now, and goes into the cache.
    setImmediate(() => {
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
