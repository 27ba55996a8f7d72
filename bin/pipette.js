#!/usr/bin/env node
// The CLI runs the TypeScript sources directly (through tsx), the same code as the browser's worker.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/run.ts');
