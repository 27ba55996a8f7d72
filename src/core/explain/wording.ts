/**
 * The words of each voice, as data (see template.ts for the slot format). Changing a
 * sentence here never touches logic; the wording lab edits copies of these tables.
 *
 * Slots used below: {subject} a package and versions ("foo 1.0.0", "every version of foo"),
 * {dependency} a requirement as written, {name} a package name, {python} "Python>=3.10",
 * {version}, {reason}, {detail}, {cutoff}, {message}, {a} {b} parts, {cause} {conclusion}
 * {line} line parts, {verb} a verb phrase, {list} joined items.
 */
import type { Wording } from './template.ts';

/** Facts and derivations, shared by every voice unless a voice overrides them. */
export const FACTS: Wording = {
  every: 'every version of {name}',
  you: 'you',
  'verb.depends': 'depends on',
  'verb.requires': 'requires',
  'verb.root': 'require',

  'dependency': '{subject} depends on {dependency}',
  'dependency.root': 'you require {dependency}',
  'dependency.missing': '{subject} depends on {dependency}, but there is no project named {name} in the index',
  'dependency.root.missing': 'you require {dependency}, but there is no project named {name} in the index',
  'dependency.nomatch': '{subject} depends on {dependency}, but no version of {name} matches it',
  'dependency.root.nomatch': 'you require {dependency}, but no version of {name} matches it',
  'dependency.extra': '{subject} is {dependency} with extra features',

  'python.requires': '{subject} requires {python}',
  'python.requires.none': '{subject} requires {python}, which no Python release satisfies',
  'python.target': 'you are installing for Python {version}',

  'fact': '{subject} {predicate}',
  'predicate.yanked.one': 'was yanked{reason}',
  'predicate.yanked.many': 'were yanked{reason}',
  'yanked.reason': ' (reason: "{reason}")',
  'predicate.prerelease.one': 'is a pre-release, and pre-releases of {name} are not allowed',
  'predicate.prerelease.many': 'are pre-releases, and pre-releases of {name} are not allowed',
  'predicate.nodist.one': 'has {detail}',
  'predicate.nodist.many': 'have {detail}',
  'predicate.toonew.one': 'was published after {cutoff}',
  'predicate.toonew.many': 'were published after {cutoff}',
  'predicate.metadata.one': 'has metadata that could not be read ({message})',
  'predicate.metadata.many': 'have metadata that could not be read ({message})',
  'predicate.forbidden.one': 'cannot be installed',
  'predicate.forbidden.many': 'cannot be installed',
  'predicate.dependency.missing': 'depends on {dependency}, which is not in the index',
  'predicate.dependency.nomatch': 'depends on {dependency}, which matches no version of {name}',
  'predicate.python': 'requires {python}',

  'failure': 'your requirements cannot be met',
  'forbidden.any': 'no version of {name} can be installed',
  'forbidden': '{subject} cannot be installed',
  'required': '{dependency} is required',
  'requires': '{subject} requires {list}',
  'requires.root': 'you require {list}',
  'incompatible': '{a} and {b} cannot be installed together',
  'either': 'either {a} or {b} is required',
  'if_then': 'if {a} then {b}',
  'all_false': '{list} cannot all be installed together',
  'one_true': 'one of {list} is required',
  'join.or': '{a} or {b}',
  'join.and': '{a} and {b}',

  'both': '{subject} {verb} both {a} and {b}',
  'through': '{subject} {verb} {a} which {verb2} {b}',
  'through.if': 'if {subject} then {a} which {verb2} {b}',
  'forbidden_through': '{subject} {verb} {a}, which {predicate}',
  'forbidden_through.if': 'if {subject} then {a}, which {predicate}',
  'pair': '{a} and {b}',
  'ref': '{text} ({line})',
};

/** Dart pub's error report (doc/solver.md, "Error Reporting"), in a Python user's words. */
export const PUBGRUB: Wording = {
  ...FACTS,
  'line.because': 'Because {cause}, {conclusion}.',
  'line.and': 'And because {cause}, {conclusion}.',
  'line.so': 'So, because {cause}, {conclusion}.',
  'line.thus': 'Thus, {conclusion}.',
  'line.single': 'Because {cause}, {conclusion}.',
  numbered: '{text} ({line})',
};

export const VOICES = ['pubgrub', 'pip', 'plain'] as const;
export type Voice = (typeof VOICES)[number];
