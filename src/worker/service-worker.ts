/**
 * The offline service worker. The build writes the list of the app's files into
 * PRECACHE (see vite.config.ts): they are cached on install, so the app opens with no
 * network. Scenario files are fetched fresh when possible and from the cache otherwise.
 */
const sw = self as unknown as ServiceWorkerGlobalScope;

/** Replaced at build time by the file list and a version that changes with it. */
declare const __PIPETTE_PRECACHE__: { readonly version: string; readonly files: readonly string[] };
const PRECACHE = __PIPETTE_PRECACHE__;
const CACHE = `pipette-app-${PRECACHE.version}`;

sw.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll(PRECACHE.files.map((file) => new URL(file, sw.registration.scope).href));
      await sw.skipWaiting();
    })(),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key.startsWith('pipette-app-') && key !== CACHE) await caches.delete(key);
      await sw.clients.claim();
    })(),
  );
});

async function networkFirst(request: Request, fallback?: string): Promise<Response> {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const cached = (await cache.match(request, { ignoreSearch: true, ignoreVary: true })) ?? (fallback ? await cache.match(fallback, { ignoreVary: true }) : undefined);
    if (cached) return cached;
    throw error;
  }
}

async function cacheFirst(request: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  // Module scripts are requested with an Origin header and the server answers `Vary: Origin`:
  // the install-time copy must still match.
  const cached = await cache.match(request, { ignoreVary: true });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

sw.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== sw.location.origin) return;
  const scope = new URL(sw.registration.scope);
  if (!url.pathname.startsWith(scope.pathname)) return;
  // A study server's API (pipette study serve): never cached, least of all the researcher's results.
  if (url.pathname.startsWith(`${scope.pathname}api/`)) return;
  if (request.mode === 'navigate') {
    event.respondWith(networkFirst(request, new URL('index.html', scope).href));
  } else if (url.pathname.startsWith(`${scope.pathname}assets/`)) {
    // Hashed names: a file's content never changes under its name.
    event.respondWith(cacheFirst(request));
  } else {
    event.respondWith(networkFirst(request));
  }
});
