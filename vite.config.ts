import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { appShellChunks, preloadAppShell } from './scripts/app-shell.ts';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { contentSecurityPolicy, SECURITY_HEADERS } from './src/server/security-headers.ts';

const SERVICE_WORKER_ENTRY = 'src/worker/service-worker.ts';
const PLACEHOLDER = '__PIPETTE_PRECACHE__';

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * The offline service worker is built as its own entry (`sw.js` at the root, so its scope is
 * the whole app); this writes into it the list of files to cache: every emitted file but
 * source maps, plus public/ (the bundled scenarios), with a version hashed from the list.
 */
function precacheManifest(): Plugin {
  let publicDir = '';
  return {
    name: 'pipette-precache-manifest',
    apply: 'build',
    configResolved(config) {
      publicDir = config.publicDir;
    },
    generateBundle(_options, bundle) {
      const emitted = Object.keys(bundle).filter((file) => file !== 'sw.js' && file !== 'index.html' && !file.endsWith('.map'));
      const published = filesUnder(publicDir).map((file) => relative(publicDir, file).split('\\').join('/'));
      const files = ['./', 'index.html', ...new Set([...emitted, ...published])].sort();
      const version = createHash('sha256');
      for (const file of emitted) {
        const item = bundle[file]!;
        version.update(file).update(item.type === 'chunk' ? item.code : typeof item.source === 'string' ? item.source : Buffer.from(item.source));
      }
      for (const file of published) version.update(file).update(String(statSync(join(publicDir, file)).mtimeMs));
      const sw = bundle['sw.js'];
      if (!sw || sw.type !== 'chunk') throw new Error('pipette-precache-manifest: sw.js was not built');
      const manifest = JSON.stringify({ version: version.digest('hex').slice(0, 16), files });
      // The placeholder is a free identifier: a JSON object literal is valid JavaScript in its place.
      if (!sw.code.includes(PLACEHOLDER)) throw new Error('pipette-precache-manifest: the placeholder is missing from sw.js');
      sw.code = sw.code.replace(PLACEHOLDER, manifest);
    },
  };
}

/** The dev server's hot reload talks over a websocket to the page's own host. */
const DEV_CONNECT = ['ws://localhost:*', 'ws://127.0.0.1:*'];

/** The content security policy as a meta tag too, for hosts that serve the built files without our headers. */
function contentSecurityPolicyMeta(): Plugin {
  let dev = false;
  return {
    name: 'pipette-content-security-policy',
    configResolved(config) {
      dev = config.command === 'serve';
    },
    transformIndexHtml() {
      const policy = contentSecurityPolicy({ forMeta: true, extraConnect: dev ? DEV_CONNECT : [] });
      return [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: policy }, injectTo: 'head-prepend' }];
    },
  };
}

export default defineConfig({
  plugins: [svelte(), precacheManifest(), contentSecurityPolicyMeta(), preloadAppShell()],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: true,
    rollupOptions: {
      input: { index: 'index.html', sw: SERVICE_WORKER_ENTRY },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js'),
        codeSplitting: { groups: appShellChunks() },
      },
    },
  },
  server: { port: 5173, headers: { ...SECURITY_HEADERS, 'Content-Security-Policy': contentSecurityPolicy({ extraConnect: DEV_CONNECT }) } },
  preview: { port: 4173, headers: { ...SECURITY_HEADERS } },
});
