// Builds `npm run bench` ahead of time into dist-bench/, the way the CLI is built (esbuild,
// minified, no names kept), so that its in-process figures are those of the code Pipette runs
// (the CLI, the page's worker) and not of the TypeScript sources through tsx, whose `keepNames`
// wraps every function it makes in a helper call (boto3-urllib3 warm: about 130 ms under tsx,
// 40–75 ms built). Each source keeps its own import.meta (its real place), so the bench finds
// the files that lie beside its sources.
import { dirname, join, relative } from 'node:path';
import { readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const BENCH_OUT = join(ROOT, 'dist-bench');

/** `import.meta.url`, `.dirname` and `.filename` of each source, written in as its own. */
const ownImportMeta = {
  name: 'own-import-meta',
  setup(build) {
    build.onLoad({ filter: /\.(ts|mjs|js)$/ }, async (args) => {
      if (args.path.includes('/node_modules/')) return undefined;
      const text = await readFile(args.path, 'utf8');
      const contents = text
        .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
        .replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path)))
        .replaceAll('import.meta.filename', JSON.stringify(args.path));
      return { contents, loader: args.path.endsWith('.ts') ? 'ts' : 'js' };
    });
  },
};

export async function buildBench() {
  const esbuild = await import('esbuild');
  const started = Date.now();
  await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: { run: 'bench/run.ts', 'solver-child': 'bench/solver-child.ts' },
    outdir: BENCH_OUT,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    minify: !process.env.PIPETTE_CLI_READABLE, // PIPETTE_CLI_READABLE=1: names kept, for profiling
    sourcemap: 'linked',
    define: { 'process.env.PIPETTE_BENCH_BUILT': '"1"' },
    plugins: [ownImportMeta],
    logLevel: 'warning',
  });
  return Date.now() - started;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const ms = await buildBench();
  console.log(`bench built into ${relative(process.cwd(), BENCH_OUT) || '.'}/ in ${ms} ms`);
}
