import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { registerServiceWorker } from './offline.ts';
import { run } from './state/run.svelte.ts';
import { studyPage } from './views/study/route.ts';

/** The app itself, loaded by main.ts once the resolver worker is on its way. */
const page = studyPage(location.pathname);
// A study page is served by `pipette study serve`, which is online by nature: no offline copy of it.
const app = page
  ? await import('./views/study/StudyApp.svelte').then(({ default: StudyApp }) => mount(StudyApp, { target: document.getElementById('app')!, props: { page } }))
  : mount(App, { target: document.getElementById('app')! });
// The offline copy after the first result, or 10 s at the latest.
if (!page) registerServiceWorker(run.afterFirstRun(10_000));

export default app;
