/**
 * Registers the service worker of the built app, which keeps the app shell and scenarios for
 * offline use, once `after` settles. Its install downloads every file of the app: app-main.ts
 * waits for the page's first result, which on a first visit it would compete with.
 */
export function registerServiceWorker(after: Promise<unknown>): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const register = () => {
    navigator.serviceWorker.register(`${import.meta.env.BASE_URL}sw.js`, { scope: import.meta.env.BASE_URL }).catch((error: unknown) => {
      console.warn('Pipette will not work offline: the service worker did not register.', error);
    });
  };
  after.then(register, register);
}
