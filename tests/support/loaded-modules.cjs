// Preloaded into a CLI run (node -r) by tests: at exit, writes to stderr the modules the run
// loaded, as one line of JSON (files from require.cache, and Node's built-in modules).
'use strict';
process.on('exit', () => {
  const files = Object.keys(require.cache);
  const builtins = process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice('NativeModule '.length));
  process.stderr.write(`\nLOADED ${JSON.stringify({ files, builtins })}\n`);
});
