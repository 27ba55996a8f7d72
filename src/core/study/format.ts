/**
 * The study file, `pipette-study/1`: a title, the consent text, conditions (named sets of
 * flags with rollout percentages) and an ordered list of steps, each a task on a scenario or
 * a question. `parseStudy` checks every field and throws a StudyError naming the path of the
 * first wrong one (`steps.2.success.kind: …`), so a researcher can fix the file.
 */
import { VOICES, type Voice } from '../explain/wording.ts';
import { checkWordingVariant, type WordingVariant } from '../wording/format.ts';
import type { Verbosity } from '../wording/levels.ts';
import { presetQuestion, PRESET_IDS } from './presets.ts';

export const STUDY_FORMAT = 'pipette-study/1';
export const MAX_STUDY_BYTES = 1024 * 1024;
const MAX_STEPS = 100;
const MAX_CONDITIONS = 26;
const MAX_WORDINGS = 26;
const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export class StudyError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(path ? `${path}: ${reason}` : reason);
    this.name = 'StudyError';
  }
}

export type StudyVerbosity = 'quiet' | 'normal' | 'verbose';

/** What a participant in a condition sees. */
export interface StudyFlags {
  /** The id of one of the study's `wordings` (wording lab variants), or null for Pipette's own words. */
  readonly wording: string | null;
  /** The explanation voices shown, in this order. */
  readonly voices: readonly Voice[];
  readonly verbosity: StudyVerbosity;
  readonly conflictGraph: boolean;
  readonly fixes: boolean;
  /** Only the simulated `pip install` terminal, typed into. */
  readonly terminalOnly: boolean;
}

/** The wording lab's level for a study's verbosity: quiet shows the brief message, verbose the full one. */
export const WORDING_LEVEL: Readonly<Record<StudyVerbosity, Verbosity>> = { quiet: 'brief', normal: 'normal', verbose: 'full' };

export const DEFAULT_FLAGS: StudyFlags = { wording: null, voices: ['pip'], verbosity: 'normal', conflictGraph: true, fixes: true, terminalOnly: false };

export interface StudyCondition {
  readonly name: string;
  /** Percent of participants, 0–100; the conditions' rollouts add up to 100. */
  readonly rollout: number;
  readonly flags: StudyFlags;
}

export type TaskSuccess =
  | { readonly kind: 'resolves' }
  /** The requirements resolve and contain each of these lines (compared without spaces, case-folded). */
  | { readonly kind: 'fix-applied'; readonly requirements: readonly string[] }
  /** The participant names the package that conflicts. */
  | { readonly kind: 'names-package'; readonly packages: readonly string[] }
  | { readonly kind: 'researcher' };

export interface TaskStep {
  readonly type: 'task';
  readonly id: string;
  readonly title: string;
  /** A bundled scenario's id. */
  readonly scenario: string;
  readonly instructions: string;
  readonly success: TaskSuccess;
  readonly timeLimitSeconds: number | null;
  /** For the researcher's eyes only: never sent to a participant. */
  readonly annotation: string;
}

export type Answer =
  | { readonly kind: 'likert'; readonly points: number; readonly low: string; readonly high: string; readonly labels: readonly string[] }
  | { readonly kind: 'choice'; readonly options: readonly string[]; readonly multiple: boolean }
  | { readonly kind: 'text'; readonly maxLength: number };

export interface QuestionStep {
  readonly type: 'question';
  readonly id: string;
  readonly prompt: string;
  readonly answer: Answer;
  readonly required: boolean;
  readonly preset: string | null;
  readonly annotation: string;
}

export type StudyStep = TaskStep | QuestionStep;

export interface Study {
  readonly format: typeof STUDY_FORMAT;
  readonly id: string;
  readonly title: string;
  readonly consent: string;
  readonly conditions: readonly StudyCondition[];
  /** `latin-square`: the tasks' order is counterbalanced within each condition. */
  readonly order: 'fixed' | 'latin-square';
  readonly steps: readonly StudyStep[];
  /** Wording variants (`pipette-wording/1`, as the wording lab exports them) that conditions name. */
  readonly wordings: readonly WordingVariant[];
}

type Json = Record<string, unknown>;

function fail(path: string, reason: string): never {
  throw new StudyError(path, reason);
}

function object(value: unknown, path: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, `expected an object, got ${kindOf(value)}`);
  return value as Json;
}

function kindOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'string' ? `the text ${JSON.stringify(value.slice(0, 40))}` : `a ${typeof value}`;
}

function known(obj: Json, path: string, keys: readonly string[]): void {
  for (const key of Object.keys(obj)) if (!keys.includes(key)) fail(path ? `${path}.${key}` : key, `unknown field (expected one of ${keys.join(', ')})`);
}

function text(obj: Json, key: string, path: string, options: { optional?: string; max?: number; nonEmpty?: boolean } = {}): string {
  const value = obj[key];
  const at = path ? `${path}.${key}` : key;
  if (value === undefined && options.optional !== undefined) return options.optional;
  if (typeof value !== 'string') fail(at, value === undefined ? 'missing' : `expected text, got ${kindOf(value)}`);
  if ((options.nonEmpty ?? true) && value.trim() === '') fail(at, 'is empty');
  if (value.length > (options.max ?? 20_000)) fail(at, `longer than ${options.max ?? 20_000} characters`);
  return value;
}

function id(obj: Json, key: string, path: string): string {
  const value = text(obj, key, path);
  if (!ID.test(value)) fail(`${path ? `${path}.` : ''}${key}`, `${JSON.stringify(value)} is not an id (letters, digits, . _ -, at most 64)`);
  return value;
}

function bool(obj: Json, key: string, path: string, fallback: boolean): boolean {
  const value = obj[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') fail(`${path}.${key}`, `expected true or false, got ${kindOf(value)}`);
  return value;
}

function list(obj: Json, key: string, path: string, max: number): unknown[] {
  const value = obj[key];
  if (!Array.isArray(value)) fail(`${path ? `${path}.` : ''}${key}`, value === undefined ? 'missing' : `expected a list, got ${kindOf(value)}`);
  if (value.length > max) fail(`${path ? `${path}.` : ''}${key}`, `more than ${max} entries`);
  return value;
}

function texts(obj: Json, key: string, path: string, max: number): string[] {
  return list(obj, key, path, max).map((v, i) => {
    if (typeof v !== 'string' || v.trim() === '') fail(`${path}.${key}.${i}`, `expected non-empty text, got ${kindOf(v)}`);
    if (v.length > 500) fail(`${path}.${key}.${i}`, 'longer than 500 characters');
    return v;
  });
}

function parseFlags(value: unknown, path: string): StudyFlags {
  if (value === undefined) return DEFAULT_FLAGS;
  const obj = object(value, path);
  known(obj, path, ['wording', 'voices', 'verbosity', 'conflictGraph', 'fixes', 'terminalOnly']);
  let wording: string | null = DEFAULT_FLAGS.wording;
  if (obj.wording !== undefined && obj.wording !== null) wording = id(obj, 'wording', path);
  let voices = DEFAULT_FLAGS.voices;
  if (obj.voices !== undefined) {
    voices = texts(obj, 'voices', path, VOICES.length).map((v, i) => {
      if (!VOICES.includes(v as Voice)) fail(`${path}.voices.${i}`, `unknown voice ${JSON.stringify(v)} (expected ${VOICES.join(', ')})`);
      return v as Voice;
    });
    if (new Set(voices).size !== voices.length) fail(`${path}.voices`, 'names a voice twice');
    if (voices.length === 0) fail(`${path}.voices`, 'is empty: show at least one voice');
  }
  const verbosity = text(obj, 'verbosity', path, { optional: DEFAULT_FLAGS.verbosity });
  if (!['quiet', 'normal', 'verbose'].includes(verbosity)) fail(`${path}.verbosity`, `expected quiet, normal or verbose, got ${JSON.stringify(verbosity)}`);
  return {
    wording,
    voices,
    verbosity: verbosity as StudyVerbosity,
    conflictGraph: bool(obj, 'conflictGraph', path, DEFAULT_FLAGS.conflictGraph),
    fixes: bool(obj, 'fixes', path, DEFAULT_FLAGS.fixes),
    terminalOnly: bool(obj, 'terminalOnly', path, DEFAULT_FLAGS.terminalOnly),
  };
}

function parseConditions(obj: Json): StudyCondition[] {
  if (obj.conditions === undefined) return [{ name: 'default', rollout: 100, flags: DEFAULT_FLAGS }];
  const raw = list(obj, 'conditions', '', MAX_CONDITIONS);
  if (raw.length === 0) fail('conditions', 'is empty: give at least one condition (or leave the field out)');
  const names = new Set<string>();
  const conditions = raw.map((value, i) => {
    const path = `conditions.${i}`;
    const c = object(value, path);
    known(c, path, ['name', 'rollout', 'flags']);
    const name = id(c, 'name', path);
    if (names.has(name)) fail(`${path}.name`, `${JSON.stringify(name)} is used twice`);
    names.add(name);
    const rollout = c.rollout === undefined ? 100 / raw.length : c.rollout;
    if (typeof rollout !== 'number' || !Number.isFinite(rollout) || rollout < 0 || rollout > 100) fail(`${path}.rollout`, `expected a percentage from 0 to 100, got ${kindOf(rollout)}`);
    return { name, rollout, flags: parseFlags(c.flags, `${path}.flags`) };
  });
  const total = conditions.reduce((sum, c) => sum + c.rollout, 0);
  if (Math.abs(total - 100) > 1e-6) fail('conditions', `the rollouts add up to ${Number(total.toFixed(4))}%, not 100%`);
  return conditions;
}

function parseSuccess(value: unknown, path: string): TaskSuccess {
  const obj = object(value ?? { kind: 'resolves' }, path);
  const kind = text(obj, 'kind', path);
  switch (kind) {
    case 'resolves':
    case 'researcher':
      known(obj, path, ['kind']);
      return { kind };
    case 'fix-applied': {
      known(obj, path, ['kind', 'requirements']);
      const requirements = texts(obj, 'requirements', path, 20);
      if (requirements.length === 0) fail(`${path}.requirements`, 'is empty');
      return { kind, requirements };
    }
    case 'names-package': {
      known(obj, path, ['kind', 'packages']);
      const packages = texts(obj, 'packages', path, 20);
      if (packages.length === 0) fail(`${path}.packages`, 'is empty');
      return { kind, packages };
    }
    default:
      return fail(`${path}.kind`, `unknown success ${JSON.stringify(kind)} (expected resolves, fix-applied, names-package or researcher)`);
  }
}

function parseTask(obj: Json, path: string): TaskStep {
  known(obj, path, ['type', 'id', 'title', 'scenario', 'instructions', 'success', 'timeLimitSeconds', 'annotation']);
  let timeLimitSeconds: number | null = null;
  if (obj.timeLimitSeconds !== undefined && obj.timeLimitSeconds !== null) {
    const t = obj.timeLimitSeconds;
    if (typeof t !== 'number' || !Number.isInteger(t) || t < 10 || t > 4 * 3600) fail(`${path}.timeLimitSeconds`, `expected whole seconds from 10 to 14400, got ${kindOf(t)}`);
    timeLimitSeconds = t;
  }
  return {
    type: 'task',
    id: id(obj, 'id', path),
    title: text(obj, 'title', path, { max: 200 }),
    scenario: id(obj, 'scenario', path),
    instructions: text(obj, 'instructions', path),
    success: parseSuccess(obj.success, `${path}.success`),
    timeLimitSeconds,
    annotation: text(obj, 'annotation', path, { optional: '', nonEmpty: false }),
  };
}

function parseAnswer(value: unknown, path: string): Answer {
  const obj = object(value, path);
  const kind = text(obj, 'kind', path);
  switch (kind) {
    case 'likert': {
      known(obj, path, ['kind', 'points', 'low', 'high', 'labels']);
      const points = obj.points ?? 5;
      if (typeof points !== 'number' || !Number.isInteger(points) || points < 2 || points > 11) fail(`${path}.points`, `expected a whole number from 2 to 11, got ${kindOf(points)}`);
      const labels = obj.labels === undefined ? [] : texts(obj, 'labels', path, 11);
      if (labels.length > 0 && labels.length !== points) fail(`${path}.labels`, `gives ${labels.length} labels for ${points} points`);
      return { kind, points, low: text(obj, 'low', path, { optional: '', nonEmpty: false, max: 200 }), high: text(obj, 'high', path, { optional: '', nonEmpty: false, max: 200 }), labels };
    }
    case 'choice': {
      known(obj, path, ['kind', 'options', 'multiple']);
      const options = texts(obj, 'options', path, 50);
      if (options.length < 2) fail(`${path}.options`, 'give at least two options');
      if (new Set(options).size !== options.length) fail(`${path}.options`, 'lists an option twice');
      return { kind, options, multiple: bool(obj, 'multiple', path, false) };
    }
    case 'text': {
      known(obj, path, ['kind', 'maxLength']);
      const maxLength = obj.maxLength ?? 2000;
      if (typeof maxLength !== 'number' || !Number.isInteger(maxLength) || maxLength < 1 || maxLength > 20_000) fail(`${path}.maxLength`, `expected a whole number from 1 to 20000, got ${kindOf(maxLength)}`);
      return { kind, maxLength };
    }
    default:
      return fail(`${path}.kind`, `unknown answer kind ${JSON.stringify(kind)} (expected likert, choice or text)`);
  }
}

function parseQuestion(obj: Json, path: string): QuestionStep {
  // A preset by name; a study the server sends back has its presets written out in full.
  if (obj.preset !== undefined && obj.preset !== null && obj.prompt === undefined) {
    known(obj, path, ['type', 'id', 'preset', 'required', 'annotation']);
    const preset = text(obj, 'preset', path);
    const ready = presetQuestion(preset);
    if (!ready) fail(`${path}.preset`, `unknown preset ${JSON.stringify(preset)} (expected ${PRESET_IDS.join(', ')})`);
    return {
      ...ready,
      id: obj.id === undefined ? preset : id(obj, 'id', path),
      required: bool(obj, 'required', path, ready.required),
      annotation: text(obj, 'annotation', path, { optional: '', nonEmpty: false }),
    };
  }
  known(obj, path, ['type', 'id', 'prompt', 'answer', 'required', 'annotation', 'preset']);
  const preset = obj.preset === undefined || obj.preset === null ? null : id(obj, 'preset', path);
  return {
    type: 'question',
    id: id(obj, 'id', path),
    prompt: text(obj, 'prompt', path, { max: 2000 }),
    answer: parseAnswer(obj.answer, `${path}.answer`),
    required: bool(obj, 'required', path, true),
    preset,
    annotation: text(obj, 'annotation', path, { optional: '', nonEmpty: false }),
  };
}

/** Checks a study file's parsed JSON; throws a StudyError at the first wrong field. */
export function parseStudy(value: unknown): Study {
  const obj = object(value, '');
  known(obj, '', ['$schema', 'format', 'id', 'title', 'consent', 'conditions', 'order', 'steps', 'wordings']);
  if (obj.format !== STUDY_FORMAT) fail('format', `expected "${STUDY_FORMAT}", got ${kindOf(obj.format)}${typeof obj.format === 'string' && obj.format.startsWith('pipette-study/') ? ' (a newer Pipette wrote this file)' : ''}`);
  const order = text(obj, 'order', '', { optional: 'fixed' });
  if (order !== 'fixed' && order !== 'latin-square') fail('order', `expected fixed or latin-square, got ${JSON.stringify(order)}`);
  const rawSteps = list(obj, 'steps', '', MAX_STEPS);
  if (rawSteps.length === 0) fail('steps', 'is empty');
  const seen = new Set<string>();
  const steps = rawSteps.map((value, i) => {
    const path = `steps.${i}`;
    const step = object(value, path);
    const type = text(step, 'type', path);
    const parsed = type === 'task' ? parseTask(step, path) : type === 'question' ? parseQuestion(step, path) : fail(`${path}.type`, `expected task or question, got ${JSON.stringify(type)}`);
    if (seen.has(parsed.id)) fail(`${path}.id`, `${JSON.stringify(parsed.id)} is used by an earlier step`);
    seen.add(parsed.id);
    return parsed;
  });
  const wordings = parseWordings(obj);
  const conditions = parseConditions(obj);
  conditions.forEach((condition, i) => {
    const wording = condition.flags.wording;
    if (wording !== null && !wordings.some((w) => w.id === wording)) {
      const known = wordings.map((w) => JSON.stringify(w.id)).join(', ');
      fail(`conditions.${i}.flags.wording`, `${JSON.stringify(wording)} is not one of the study's wordings (${known || 'it has none: add the variant, as the wording lab exports it, to "wordings"'})`);
    }
  });
  return {
    format: STUDY_FORMAT,
    id: id(obj, 'id', ''),
    title: text(obj, 'title', '', { max: 200 }),
    consent: text(obj, 'consent', ''),
    conditions,
    order,
    steps,
    wordings,
  };
}

/** The study's wording variants, checked as the wording lab checks a file: an unusable template refuses the study. */
function parseWordings(obj: Json): WordingVariant[] {
  if (obj.wordings === undefined) return [];
  const ids = new Set<string>();
  return list(obj, 'wordings', '', MAX_WORDINGS).map((value, i) => {
    const path = `wordings.${i}`;
    const { variant, issues } = checkWordingVariant(value);
    const error = issues.find((issue) => issue.severity === 'error');
    if (error || !variant) fail(error?.path ? `${path}.${error.path}` : path, error?.message ?? 'not a wording variant');
    if (ids.has(variant.id)) fail(`${path}.id`, `${JSON.stringify(variant.id)} is used by an earlier wording`);
    ids.add(variant.id);
    return variant;
  });
}

/** The wording variant a condition's flags name, if any. */
export function studyWording(study: Study, flags: StudyFlags): WordingVariant | null {
  return flags.wording === null ? null : (study.wordings.find((w) => w.id === flags.wording) ?? null);
}

/** Reads a study file's text (at most MAX_STUDY_BYTES). */
export function parseStudyText(textValue: string): Study {
  if (textValue.length > MAX_STUDY_BYTES) fail('', `the file is larger than ${MAX_STUDY_BYTES / 1024} KiB`);
  let value: unknown;
  try {
    value = JSON.parse(textValue);
  } catch (error) {
    fail('', `not JSON: ${(error as Error).message}`);
  }
  return parseStudy(value);
}

/** The study as a participant may see it: no researcher annotations. */
export function participantStudy(study: Study): Study {
  return { ...study, steps: study.steps.map((s) => ({ ...s, annotation: '' })) };
}

export function stepById(study: Study, stepId: string): StudyStep | undefined {
  return study.steps.find((s) => s.id === stepId);
}
