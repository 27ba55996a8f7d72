/**
 * Registers the service worker of the built app, which keeps the app shell and scenarios for
 * offline use. Its install downloads every file of the app, so it waits for `after` (the page's
 * first result) or 10 s, whichever comes first: on a first visit it would compete with that result.
 */
export function registerServiceWorker(after: Promise<unknown>): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  let registered = false;
  const register = () => {
    if (registered) return;
    registered = true;
    navigator.serviceWorker.register(`${import.meta.env.BASE_URL}sw.js`, { scope: import.meta.env.BASE_URL }).catch((error: unknown) => {
      console.warn('Pipette will not work offline: the service worker did not register.', error);
    });
  };
  after.then(register, register);
  setTimeout(register, REGISTER_AT_THE_LATEST_MS);
}

const REGISTER_AT_THE_LATEST_MS = 10_000;
