#!/usr/bin/env node
// The CLI runs as JavaScript built ahead of time into dist-cli/ (scripts/build-cli.mjs, run by
// `npm install`). When that build is missing or older than a source it came from, it is rebuilt
// first, so a developer editing src/ never runs stale code; without esbuild (no dev dependencies)
// a stale build still runs, with a warning that says so. This file is CommonJS (bin/package.json):
// an ES module entry would load Node's whole ES module loader on every start.
'use strict';
const { ENTRY, readManifest, runWithCodeCache, staleInput } = require('../scripts/cli-launch.cjs');

const manifest = readManifest();
const stale = staleInput(manifest);
if (!stale) runWithCodeCache(ENTRY, manifest.builtAt);
else {
  import('../scripts/build-cli.mjs')
    .then(({ buildCli }) => buildCli())
    .catch((error) => {
      if (stale === 'no build yet') {
        process.stderr.write(`pipette: the CLI is not built and could not be built (${error.message}); run npm install\n`);
        process.exit(3);
      }
      process.stderr.write(`pipette: warning: running an older build (${stale}; rebuilding failed: ${error.message.split('\n')[0]})\n`);
    })
    .then(() => runWithCodeCache(ENTRY, readManifest()?.builtAt ?? 'unbuilt'));
}
