/**
 * The app shell: the modules the page evaluates before it can draw anything (what
 * src/ui/app-main.ts imports statically), built as one chunk and named in index.html with app-main.
 *
 * Why: main.ts starts the resolver worker first and only then imports the app, so by default the
 * app's twenty-odd chunks were asked for after main.ts had arrived and run, six at a time over
 * HTTP/1.1, and the preload helper added a <link> per chunk from script. One chunk, preloaded by
 * the HTML next to main.ts, arrives while main.ts is still on its way. main.ts's own imports stay
 * out of the shell, or the worker would wait for the whole app.
 */
import { resolve } from 'node:path';
import type { Plugin } from 'vite';

const ROOT = resolve(import.meta.dirname, '..');
const SHELL_ROOT = resolve(ROOT, 'src/ui/app-main.ts');
const PAGE_ENTRY = resolve(ROOT, 'src/ui/main.ts');
const SHELL_NAME = 'app-shell';
const SVELTE_RUNTIME = /[\\/]node_modules[\\/]svelte[\\/]/;

interface ModuleGraph {
  getModuleInfo(id: string): { readonly importedIds: readonly string[] } | null;
}

/** Every module reachable from `root` by static imports, `root` included. */
function staticClosure(root: string, graph: ModuleGraph): Set<string> {
  const seen = new Set<string>([root]);
  const queue = [root];
  for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
    for (const next of graph.getModuleInfo(id)?.importedIds ?? []) {
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push(next);
    }
  }
  return seen;
}

/**
 * The `output.codeSplitting` groups: what main.ts imports (and the shell shares) in a small chunk
 * of its own, taken first, so that the shell's group, which takes its modules' imports along,
 * cannot pull it in and make main.ts wait for the whole shell.
 */
export function appShellChunks() {
  let early: Set<string> | null = null;
  let shell: Set<string> | null = null;
  const closures = (graph: ModuleGraph) => {
    early ??= new Set([...staticClosure(PAGE_ENTRY, graph)].filter((id) => id !== PAGE_ENTRY));
    // app-main.ts stays a chunk of its own: its top-level await on a lazy view (the study pages)
    // would wait on itself if it shared a chunk with the modules that view imports.
    shell ??= new Set([...staticClosure(SHELL_ROOT, graph)].filter((id) => id !== SHELL_ROOT && !early!.has(id)));
    return { early, shell };
  };
  return [
    { name: (id: string, graph: ModuleGraph) => (closures(graph).early.has(id) ? 'boot' : null), priority: 3 },
    // Svelte's runtime makes an Error as its module body runs. Under a debugger (DevTools,
    // Playwright) that has V8 re-read the body's whole script for line numbers: 90 ms when the
    // runtime shared the shell's script, a fraction on its own.
    { name: (id: string, graph: ModuleGraph) => (closures(graph).shell.has(id) && SVELTE_RUNTIME.test(id) ? 'svelte' : null), priority: 2 },
    { name: (id: string, graph: ModuleGraph) => (closures(graph).shell.has(id) ? SHELL_NAME : null), priority: 1 },
  ];
}

/** Adds a modulepreload (and the stylesheets) for the shell to the built index.html. */
export function preloadAppShell(): Plugin {
  return {
    name: 'pipette-preload-app-shell',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, context) {
        const bundle = context.bundle;
        if (!bundle) return [];
        const shell = Object.values(bundle).find((item) => item.type === 'chunk' && item.facadeModuleId === SHELL_ROOT);
        if (!shell || shell.type !== 'chunk') throw new Error('pipette-preload-app-shell: no chunk for src/ui/app-main.ts');
        const base = context.server?.config.base ?? '/';
        const scripts = new Set<string>();
        const styles = new Set<string>();
        const visit = (file: string) => {
          const chunk = bundle[file];
          if (!chunk || chunk.type !== 'chunk' || scripts.has(file)) return;
          scripts.add(file);
          for (const css of chunk.viteMetadata?.importedCss ?? []) styles.add(css);
          for (const imported of chunk.imports) visit(imported);
        };
        visit(shell.fileName);
        // What the entry imports is in the HTML already.
        const entry = context.chunk;
        if (entry) for (const file of [entry.fileName, ...entry.imports]) scripts.delete(file);
        return [
          ...[...styles].map((file) => ({ tag: 'link', attrs: { rel: 'stylesheet', crossorigin: true, href: base + file }, injectTo: 'head' as const })),
          ...[...scripts].map((file) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: base + file }, injectTo: 'head' as const })),
        ];
      },
    },
  };
}
