/**
 * The three voices of one failure, all from the same derivation tree and the same findings:
 * `pubgrub` (the numbered proof), `pip` (the shape pip users know, naming the right
 * requirements), `plain` (a summary a beginner understands in one read, the clash as a
 * list, then the checked fixes). Each voice names every separate problem (the first, then
 * `others`); the pubgrub voice ends with its hints. Words come from the wording tables; this
 * file only decides which sentence applies and fills its slots.
 */
import { describeTarget, DEFAULT_TARGET } from '../environment/index.ts';
import type { ResolveFailure, ResolveRequest } from '../solver/index.ts';
import { describePythons, pythonsSatisfying } from './causes.ts';
import { PROOF_STEPS } from './proof-cut.ts';
import { pubgrubReport } from './pubgrub.ts';
import { say, type Wording } from './template.ts';
import type { Clash, ClashSide, MinimalConflict, SpecialCause, Suggestion } from './types.ts';
import { requirementLabel, TreeView } from './versions.ts';
import { FACTS, PIP, PLAIN, PUBGRUB, type Voice } from './wording.ts';
import { requirementsInProof } from './minimal.ts';
import { findVersionClashes } from './clash.ts';
import { Describer } from './describe.ts';
import type { PipFound } from './pip-versions.ts';

/** One separate problem after the first: its proof and what was found in it. */
export interface ProblemFindings {
  readonly failure: ResolveFailure;
  readonly causes: readonly SpecialCause[];
  readonly clash: Clash | null;
}

export interface Findings {
  readonly request: ResolveRequest;
  readonly failure: ResolveFailure;
  /** The first problem's causes (`causes` of every problem are in `others`). */
  readonly causes: readonly SpecialCause[];
  readonly clash: Clash | null;
  readonly minimalConflict: MinimalConflict | null;
  readonly suggestions: readonly Suggestion[];
  /** Other problems, each of which alone stops the install. */
  readonly others?: readonly ProblemFindings[];
  /** Whether fixes were looked for (false: the voices say nothing about fixes found or not). */
  readonly searched?: boolean;
  /** Whether that search ran out of time. */
  readonly searchCut?: boolean;
  /** The versions pip's finder would list per project name, for "(from versions: ...)". */
  readonly pipVersions?: Readonly<Record<string, PipFound>>;
  /** Hints under the pubgrub proof. */
  readonly hints?: readonly string[];
}

/** Another problem seen as findings of its own (no fixes: those are for the whole request). */
function asFindings(f: Findings, other: ProblemFindings): Findings {
  return { request: f.request, failure: other.failure, causes: other.causes, clash: other.clash, minimalConflict: null, suggestions: [], pipVersions: f.pipVersions };
}

function problemsOf(f: Findings): Findings[] {
  return [f, ...(f.others ?? []).map((o) => asFindings(f, o))];
}

/** Separate problems share one budget of proof steps, so that four long proofs do not make four pages. */
function sharedProofSteps(problems: number): number {
  return Math.floor(PROOF_STEPS / Math.max(1, problems));
}

const DEFAULTS: Record<Voice, Wording> = { pubgrub: PUBGRUB, pip: PIP, plain: PLAIN };

function wordsFor(voice: Voice, wording?: Partial<Record<Voice, Wording>>): { words: Wording; fallback: Wording } {
  return { words: { ...DEFAULTS[voice], ...(wording?.[voice] ?? {}) }, fallback: DEFAULTS[voice] };
}

function joinList(items: readonly string[], w: (key: string, values: Record<string, string>) => string): string {
  if (items.length <= 1) return items.join('');
  const head = items.slice(0, -1).reduce((a, b) => w('join.list', { a, b }));
  return w('join.last', { a: head, b: items[items.length - 1]! });
}

/** The user's requirements the failure is about: the minimal conflict, else those the proof uses. */
function conflictRequirements(f: Findings): string[] {
  if (f.minimalConflict && f.minimalConflict.requirements.length > 0) return [...f.minimalConflict.requirements];
  const used = requirementsInProof(f.request, f.failure).map((r) => r.text);
  return used.length ? used : f.request.requirements.map((r) => r.text);
}

function targetText(f: Findings): string {
  return describeTarget(f.request.target ?? DEFAULT_TARGET);
}

/** A package clash between two of your requirements (not a Python one). */
function packageClash(f: Findings): Clash | null {
  const clash = f.clash;
  if (!clash || clash.sides.length < 2) return null;
  if (clash.sides.some((s) => s.requirement === null)) return null;
  return clash;
}

function pythonClash(f: Findings): Clash | null {
  const clash = f.clash;
  if (!clash || clash.package !== 'Python') return null;
  return clash;
}

/** Where the failing requirement on `pkgName` comes from: its text as written and who asks. */
function requirementOn(f: Findings, pkgName: string): { requirement: string; depender: string | null } {
  const tree = f.failure.derivation;
  const view = new TreeView(tree);
  let best: { requirement: string; depender: string | null } | null = null;
  for (const node of tree.nodes) {
    if (node.cause.kind !== 'dependency') continue;
    const target = tree.packages[node.cause.dependency]!;
    if (target.name !== pkgName) continue;
    const depender = node.terms[0]!;
    const requirement = node.cause.requirement ? requirementLabel(node.cause.requirement) : target.name;
    if (view.isRoot(depender.pkg)) return { requirement, depender: null };
    best ??= { requirement, depender: view.subjectText(depender.pkg, depender.versions, 'every version of {name}') };
  }
  return best ?? { requirement: pkgName, depender: null };
}

// ---------------------------------------------------------------------------------- plain

function plainSummary(f: Findings, w: (key: string, values?: Record<string, string>) => string, words: Wording): string {
  const python = pythonClash(f);
  if (python) {
    const side = python.sides.find((s) => s.requirement !== null) ?? python.sides[0]!;
    const target = python.sides.find((s) => s.requirement === null);
    const first = w('summary.clash.python', { requirement: side.subject, needs: side.needs, python: target ? target.needs.replace(/^Python /, '') : f.failure.derivation.python });
    // The releases named are those the stated requirement allows, so the two sentences agree.
    const working = pythonsSatisfying(side.needs.replace(/^Python /, ''));
    return working.length ? `${first} ${w('summary.python.works', { pythons: describePythons(working, w) })}` : first;
  }
  const clash = packageClash(f);
  if (clash) {
    const [a, b] = clash.sides as [ClashSide, ClashSide];
    if (a.direct && b.direct) return w('summary.clash.both', { a: a.needs, b: b.needs, name: clash.package });
    const needs = (side: ClashSide) => (side.via.length ? w('needs.via', { needs: side.needs, via: side.via.join(', ') }) : side.needs);
    if (a.requirement === b.requirement && a.direct !== b.direct) {
      // A requirement that, through its own dependencies, needs versions of itself it rules out.
      const indirect = a.direct ? b : a;
      const key = indirect.via.length ? 'summary.clash.circular' : 'summary.clash.circular.direct';
      return w(key, { requirement: indirect.requirement!, needs: indirect.needs, via: indirect.via.join(', ') });
    }
    if (a.subject === b.subject) return w('summary.clash.same', { a: a.subject, needsA: needs(a), needsB: needs(b), name: clash.package });
    const why = (side: ClashSide) => (side.direct ? w('why.direct', { needs: side.needs }) : w('why.needs', { subject: side.subject, needs: needs(side) }));
    const key = a.requirement === b.requirement ? 'summary.clash.self' : 'summary.clash';
    return w(key, { a: a.requirement!, b: b.requirement!, whyA: why(a), whyB: why(b) });
  }
  const cause = f.causes.find((c) => c.kind !== 'invalidMetadata');
  if (cause) return causeSummary(f, cause, w);
  const pieces = findVersionClashes(f.failure.derivation);
  if (pieces.length > 0) {
    const lines = pieces.slice(0, 4).map(({ subject, clash }) => {
      const [a, b] = clash.sides as [ClashSide, ClashSide];
      const needs = (side: ClashSide) => (side.via.length ? w('needs.via', { needs: side.needs, via: side.via.join(', ') }) : side.needs);
      return w('summary.versions.item', { subject, needsA: needs(a), needsB: needs(b) });
    });
    return [w('summary.versions', { list: joinList(conflictRequirements(f), w) }), ...lines].join('\n');
  }
  const facts = externalFacts(f, words);
  const requirements = conflictRequirements(f);
  if (facts.length > 0) {
    const head = w(requirements.length === 1 ? 'summary.generic.one' : 'summary.generic.because', { list: joinList(requirements, w) });
    return [head, ...facts.map((fact) => w('summary.fact', { fact }))].join('\n');
  }
  return w('summary.generic', { list: joinList(conflictRequirements(f), w) });
}

/** The facts the proof rests on, as written (not your own requirements), at most four. */
function externalFacts(f: Findings, words: Wording): string[] {
  const tree = f.failure.derivation;
  const describe = new Describer(new TreeView(tree), words);
  const facts: string[] = [];
  for (const node of tree.nodes) {
    if (node.cause.kind === 'derived' || node.cause.kind === 'root' || node.cause.kind === 'targetPython') continue;
    if (node.cause.kind === 'dependency' && tree.packages[node.terms[0]!.pkg]!.kind === 'root') continue;
    const text = describe.text(node);
    if (!facts.includes(text)) facts.push(text);
  }
  return facts.slice(0, 4);
}

function causeSummary(f: Findings, cause: SpecialCause, w: (key: string, values?: Record<string, string>) => string): string {
  const list = (versions: readonly string[]) => (versions.length > 5 ? `${versions.length} versions from ${versions[0]} to ${versions[versions.length - 1]}` : joinList(versions, w));
  switch (cause.kind) {
    case 'notFound': {
      const base = cause.requiredBy === 'you' ? w('summary.notfound', { name: cause.package }) : w('summary.notfound.transitive', { name: cause.package, depender: cause.requiredBy });
      return cause.closeNames.length ? `${base} ${w('summary.notfound.close', { close: cause.closeNames[0]! })}` : base;
    }
    case 'noMatch':
      return w('summary.nomatch', { name: cause.package, requirement: cause.requirement, available: cause.available.length ? list(cause.available) : 'no versions' });
    case 'yanked': {
      const reason = cause.reasons.length ? w('summary.yanked.reason', { reason: cause.reasons[0]! }) : '';
      return w(cause.versions.length === 1 ? 'summary.yanked' : 'summary.yanked.many', { name: cause.package, versions: list(cause.versions), reason });
    }
    case 'prereleaseOnly':
      return w('summary.prerelease', { name: cause.package, versions: list(cause.versions) });
    case 'noWheel': {
      const first = w(cause.versions.length === 1 ? 'summary.nowheel' : 'summary.nowheel.many', { name: cause.package, versions: list(cause.versions), target: targetText(f), detail: cause.detail });
      if (cause.platforms.length) return `${first} ${w('summary.nowheel.platforms', { platforms: joinList(cause.platforms, w) })}`;
      if (cause.wheels.length) return `${first} ${w('summary.nowheel.interpreters', { wheels: cause.wheels.join(', ') })}`;
      return first;
    }
    case 'requiresPython': {
      const { requirement } = requirementOn(f, cause.package);
      const first = w('summary.clash.python', { requirement, needs: `Python ${cause.requiresPython}`, python: cause.python });
      return cause.workingPythons.length ? `${first} ${w('summary.python.works', { pythons: describePythons(cause.workingPythons, w) })}` : first;
    }
    case 'tooNew':
      return w('summary.toonew', { name: cause.package, cutoff: cause.cutoff });
    case 'constraint':
      return w('summary.constraint', {
        name: cause.package,
        versions: list(cause.versions),
        requirement: cause.requirement,
        source: cause.source ? w('constraint.source', { source: cause.source }) : '',
      });
    case 'metadata':
      return w('summary.metadata', { name: cause.package, versions: list(cause.versions), message: cause.message });
    case 'invalidMetadata':
      return w('summary.invalid', { name: cause.package, count: String(cause.messages.length) });
    case 'quarantined':
      return w('summary.quarantined', { name: cause.package, reason: cause.reason ? w('quarantined.reason', { reason: cause.reason }) : '' });
    case 'advisory': {
      const first = w('summary.advisory', { name: cause.package, versions: list(cause.versions), advisories: cause.advisories.length > 4 ? `${cause.advisories.slice(0, 4).join(', ')} and ${cause.advisories.length - 4} more` : cause.advisories.join(', ') });
      return cause.fixed.length ? `${first} ${w('summary.advisory.fixed', { name: cause.package, fixed: joinList(cause.fixed, w) })}` : first;
    }
  }
}

/** The summary, the premise it rests on and the clash list of one problem. */
function plainProblem(f: Findings, w: (key: string, values?: Record<string, string>) => string, words: Wording): string[] {
  const lines = [plainSummary(f, w, words)];
  // A clash can rest on a special cause (a missing project, a yanked release): say that too.
  const premise = f.causes.find((c) => c.kind !== 'invalidMetadata');
  if (premise && (packageClash(f) || pythonClash(f)) && premise.kind !== 'requiresPython') {
    lines.push(w('summary.also', { cause: causeSummary(f, premise, w) }));
  }
  for (const c of f.causes) if (c.kind === 'invalidMetadata') lines.push(w('summary.invalid', { name: c.package, count: String(c.messages.length) }));
  const clash = f.clash;
  if (clash && clash.sides.length >= 2) {
    lines.push('', w('clash.head'));
    for (const side of clash.sides) {
      if (side.requirement === null) lines.push(w('clash.item.python', { needs: side.needs }));
      else if (side.direct) lines.push(w('clash.item.direct', { needs: side.needs }));
      else if (side.via.length > 0) lines.push(w('clash.item.via', { subject: side.subject, needs: side.needs, via: side.via.join(', ') }));
      else lines.push(w('clash.item', { subject: side.subject, needs: side.needs }));
    }
  }
  return lines;
}

function plainVoice(f: Findings, wording?: Partial<Record<Voice, Wording>>): string {
  const { words, fallback } = wordsFor('plain', wording);
  const w = (key: string, values: Record<string, string> = {}) => say(words, fallback, key, values);
  const problems = problemsOf(f);
  let lines: string[];
  if (problems.length === 1) {
    lines = plainProblem(f, w, words);
  } else {
    lines = [w('summary.problems', { count: String(problems.length) })];
    problems.forEach((p, i) => {
      const [first, ...rest] = plainProblem(p, w, words);
      if (i > 0) lines.push('');
      lines.push(w('summary.problem.item', { n: String(i + 1), summary: first! }), ...rest);
    });
  }
  if (f.searched === false) return lines.join('\n');
  lines.push('');
  if (f.suggestions.length) {
    lines.push(w('fix.head'));
    f.suggestions.slice(0, 5).forEach((s, i) => lines.push(w('fix.item', { n: String(i + 1), title: s.title })));
  } else {
    lines.push(w(f.searchCut ? 'fix.none.timeout' : 'fix.none'));
  }
  return lines.join('\n');
}

// ------------------------------------------------------------------------------------ pip

function pipVoice(f: Findings, wording?: Partial<Record<Voice, Wording>>): string {
  const { words, fallback } = wordsFor('pip', wording);
  const w = (key: string, values: Record<string, string> = {}) => say(words, fallback, key, values);
  const lines: string[] = [];
  const problems = problemsOf(f);
  const maxSteps = sharedProofSteps(problems.length);
  problems.forEach((p, i) => {
    if (i > 0) lines.push('');
    lines.push(...pipProblem(p, w, maxSteps));
  });
  lines.push('', w('fix.head'));
  if (f.suggestions.length) {
    f.suggestions.slice(0, 5).forEach((s, i) => lines.push(w('fix.item', { n: String(i + 1), title: s.title })));
    lines.push(w('fix.checked'));
  } else {
    lines.push(w('fix.generic.1'), w('fix.generic.2'));
  }
  lines.push('', w('impossible'));
  return lines.join('\n');
}

/** pip's lines for one problem: "Could not find a version…" or "Cannot install … conflicting dependencies". */
function pipProblem(f: Findings, w: (key: string, values?: Record<string, string>) => string, maxSteps: number): string[] {
  const lines: string[] = [];
  const clash = packageClash(f);
  for (const c of f.causes) if (c.kind === 'invalidMetadata') for (const m of c.messages.slice(0, 3)) lines.push(w('warning.invalid', { message: m }));
  const cause = f.causes.find((c) => c.kind !== 'invalidMetadata' && (c.kind !== 'prereleaseOnly' || !clash)) ?? null;

  if (!clash && cause) {
    const pkg = cause.package;
    const { requirement, depender } = requirementOn(f, pkg);
    // pip lists what its finder found (installable here, Requires-Python met), not what matched.
    const found = f.pipVersions?.[pkg];
    const yanked = found ? found.yanked : cause.kind === 'yanked' ? cause.versions : [];
    if (yanked.length) lines.push(w('ignored.yanked', { versions: yanked.join(', ') }));
    const otherPython = found ? found.otherPython : cause.kind === 'requiresPython' ? cause.versions.map((v) => `${v} Requires-Python ${cause.requiresPython}`) : [];
    if (otherPython.length) {
      lines.push(w('ignored.python', { versions: otherPython.map((item) => { const [version, ...spec] = item.split(' Requires-Python '); return w('ignored.python.item', { version: version!, spec: spec.join('') }); }).join('; ') }));
    }
    if (cause.kind === 'advisory') lines.push(w('ignored.advisory', { versions: cause.versions.join(', ') }));
    if (cause.kind === 'quarantined') lines.push(w('ignored.quarantined', { name: pkg, reason: cause.reason ? w('quarantined.reason', { reason: cause.reason }) : '' }));
    const versions = found ? found.versions : cause.kind === 'noMatch' ? cause.available : cause.kind === 'prereleaseOnly' ? cause.versions : [];
    lines.push(
      w('notfound.line', {
        requirement,
        from: depender ? w('notfound.from', { depender }) : '',
        versions: versions.length ? versions.join(', ') : w('notfound.none'),
      }),
    );
    lines.push(w('nomatch.line', { requirement }));
    if (cause.kind === 'notFound' && cause.closeNames.length) lines.push(w('hint.close', { name: pkg, close: cause.closeNames[0]! }));
    if (cause.kind === 'noWheel' && cause.platforms.length) lines.push(w('hint.platforms', { name: pkg, versions: cause.versions.join(', '), platforms: cause.platforms.join(', ') }));
    if (cause.kind === 'noWheel' && cause.wheels.length) lines.push(w('hint.interpreters', { name: pkg, versions: cause.versions.join(', '), wheels: cause.wheels.join(', ') }));
  } else {
    const requirements = conflictRequirements(f);
    lines.push(w('conflict.head', { list: joinPip(requirements, w) }), '', w('conflict.caused'));
    const shown = clash ?? f.clash;
    if (shown) {
      for (const side of shown.sides) {
        if (side.requirement === null) lines.push(`    ${w('conflict.python', { needs: side.needs })}`);
        else if (side.direct) lines.push(`    ${w('conflict.user', { needs: side.needs })}`);
        else lines.push(`    ${w('conflict.side', { depender: side.subject, needs: side.via.length ? w('conflict.via', { needs: side.needs, via: side.via.join(', ') }) : side.needs })}`);
      }
    } else {
      for (const line of pubgrubReport(f.failure.derivation, undefined, { maxSteps }).split('\n')) if (line) lines.push(`    ${line}`);
    }
  }
  return lines;
}

function joinPip(items: readonly string[], w: (key: string, values: Record<string, string>) => string): string {
  if (items.length <= 1) return items.join('');
  return w('conflict.list', { a: items.slice(0, -1).join(', '), b: items[items.length - 1]! });
}

// ---------------------------------------------------------------------------------- entry

function pubgrubVoice(f: Findings, wording?: Partial<Record<Voice, Wording>>): string {
  const { words } = wordsFor('pubgrub', wording);
  const problems = problemsOf(f);
  const maxSteps = sharedProofSteps(problems.length);
  const proofs = problems.map((p, i) => (i === 0 ? '' : `${say(words, PUBGRUB, 'problem.separate')}\n`) + pubgrubReport(p.failure.derivation, words, { maxSteps }));
  const hints = f.hints ?? [];
  return [proofs.join('\n\n'), ...(hints.length ? ['', ...hints] : [])].join('\n');
}

/** One voice's message (what renderVoices gives for that voice, without making the others). */
export function renderVoice(f: Findings, voice: Voice, wording?: Partial<Record<Voice, Wording>>): string {
  if (voice === 'pubgrub') return pubgrubVoice(f, wording);
  return voice === 'pip' ? pipVoice(f, wording) : plainVoice(f, wording);
}

export function renderVoices(f: Findings, wording?: Partial<Record<Voice, Wording>>): Record<Voice, string> {
  return { pubgrub: pubgrubVoice(f, wording), pip: pipVoice(f, wording), plain: plainVoice(f, wording) };
}

export function headline(f: Findings, wording?: Partial<Record<Voice, Wording>>): string {
  const { words, fallback } = wordsFor('plain', wording);
  const w = (key: string, values: Record<string, string> = {}) => say(words, fallback, key, values);
  const first = plainSummary(f, w, words);
  const more = f.others?.length ?? 0;
  if (more === 0) return first;
  return w(more === 1 ? 'headline.more.one' : 'headline.more.many', { headline: first, count: String(more) });
}

export { FACTS };
