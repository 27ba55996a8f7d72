// `npm start`: install what is missing, then serve the app (bundled scenarios, no network needed).
import { ensureNodeModules, run } from './setup.mjs';

ensureNodeModules();
const port = process.env.PORT ?? '5173';
run(`npx vite --port ${port} --host 127.0.0.1`);
