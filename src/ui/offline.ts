/** Registers the service worker of the built app, which keeps the app shell and scenarios for offline use. */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const register = () => {
    navigator.serviceWorker.register(`${import.meta.env.BASE_URL}sw.js`, { scope: import.meta.env.BASE_URL }).catch((error: unknown) => {
      console.warn('Pipette will not work offline: the service worker did not register.', error);
    });
  };
  // After the page's load (the app itself is loaded after the entry, so that may be over already).
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
