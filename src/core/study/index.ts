/** Studies: the study file, conditions and assignment, the event records and their results (no storage). */
export * from './format.ts';
export { presetQuestion, PRESET_IDS } from './presets.ts';
export * from './assign.ts';
export * from './events.ts';
export * from './researcher-events.ts';
export * from './results.ts';
export * from './success.ts';
