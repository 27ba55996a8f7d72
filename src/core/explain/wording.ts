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
  'predicate.prerelease.one': 'is a pre-release that is not allowed here',
  'predicate.prerelease.many': 'are pre-releases that are not allowed here',
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
  'forbidden_through': '{subject} {verb} {a}, but {b}',
  'through.missing': '{subject} {verb} {a} which depends on {b}, but there is no project named {name} in the index',
  'through.nomatch': '{subject} {verb} {a} which depends on {b}, but no version of {name} matches it',
  'both.missing': '{a} and {b}, but there is no project named {name} in the index',
  'both.nomatch': '{a} and {b}, but no version of {name} matches either',
  'forbidden_through.if': 'if {subject} then {a}, but {b}',
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

/** The shape pip users know (pip 23's ResolutionImpossible and "Could not find" errors), naming the right requirements. */
export const PIP: Wording = {
  ...FACTS,
  'conflict.head': 'ERROR: Cannot install {list} because these package versions have conflicting dependencies.',
  'conflict.caused': 'The conflict is caused by:',
  'conflict.user': 'The user requested {needs}',
  'conflict.side': '{depender} depends on {needs}',
  'conflict.python': 'The target Python is {needs}',
  'conflict.list': '{a} and {b}',
  'notfound.line': 'ERROR: Could not find a version that satisfies the requirement {requirement}{from} (from versions: {versions})',
  'notfound.from': ' (from {depender})',
  'notfound.none': 'none',
  'nomatch.line': 'ERROR: No matching distribution found for {requirement}',
  'ignored.yanked': 'ERROR: Ignored the following yanked versions: {versions}',
  'ignored.python': 'ERROR: Ignored the following versions that require a different python version: {versions}',
  'ignored.python.item': '{version} Requires-Python {spec}',
  'hint.close': 'HINT: there is no project named {name} in the index; did you mean {close}?',
  'hint.platforms': 'HINT: {name} {versions} has wheels only for {platforms}, and no source distribution.',
  'hint.interpreters': 'HINT: {name} {versions} has wheels only for other Python interpreters ({wheels}), and no source distribution.',
  'warning.invalid': 'WARNING: {message}',
  'fix.head': 'To fix this you could try to:',
  'fix.item': '{n}. {title}',
  'fix.generic.1': '1. loosen the range of package versions you\'ve specified',
  'fix.generic.2': '2. remove package versions to allow pip to attempt to solve the dependency conflict',
  'fix.checked': '(Each of these was checked: it resolves.)',
  'impossible': 'ERROR: ResolutionImpossible: for help visit https://pip.pypa.io/en/latest/topics/dependency-resolution/#dealing-with-dependency-conflicts',
};

/** A short summary a beginner understands in one read, the clash as a list, then the checked fixes. */
export const PLAIN: Wording = {
  ...FACTS,
  'summary.clash': '{a} and {b} can\'t be installed together: {whyA}, but {whyB}.',
  'summary.clash.self': '{a} can\'t be installed: {whyA}, but {whyB}.',
  'summary.clash.same': '{a} can\'t be installed: it needs both {needsA} and {needsB}, and no version of {name} matches both.',
  'needs.via': '{needs} (through {via})',
  'summary.clash.both': 'You ask for both {a} and {b}, and no version of {name} matches both.',
  'why.direct': 'you ask for {needs}',
  'why.needs': '{subject} needs {needs}',
  'summary.clash.python': '{requirement} needs {needs}, but you are installing for Python {python}.',
  'summary.python.works': 'It would install on Python {pythons}.',
  'summary.notfound': 'There is no package called {name} in the index.',
  'summary.notfound.close': 'Did you mean {close}?',
  'summary.notfound.transitive': '{depender} needs a package called {name}, which is not in the index.',
  'summary.nomatch': 'No version of {name} matches {requirement}; the index has {available}.',
  'summary.yanked': '{name} {versions} is the only version that fits, but its authors withdrew it (yanked){reason}.',
  'summary.yanked.many': '{name} {versions} are the only versions that fit, but their authors withdrew them (yanked){reason}.',
  'summary.yanked.reason': ': "{reason}"',
  'summary.prerelease': 'Only pre-releases of {name} fit ({versions}), and pre-releases are installed only when you ask for them.',
  'summary.nowheel': '{name} {versions} can\'t be installed here: it has {detail}.',
  'summary.nowheel.many': '{name} {versions} can\'t be installed here: they have {detail}.',
  'summary.nowheel.platforms': 'It has wheels for {platforms}.',
  'summary.nowheel.interpreters': 'Its wheels are built for other Python interpreters ({wheels}).',
  'summary.toonew': 'The versions of {name} that fit were published after {cutoff}, the date you resolve as of.',
  'summary.metadata': 'The metadata of {name} {versions} could not be read: {message}.',
  'summary.invalid': 'Note: {count} invalid part(s) of {name}\'s metadata were skipped, which may matter here.',
  'summary.generic': 'These requirements can\'t be installed together: {list}.',
  'summary.versions': 'No version that {list} allows can be installed:',
  'summary.versions.item': '  - {subject} needs both {needsA} and {needsB}',
  'clash.head': 'The clash:',
  'clash.item': '  - {subject} needs {needs}',
  'clash.item.direct': '  - you ask for {needs}',
  'clash.item.via': '  - {subject} needs {needs} (through {via})',
  'clash.item.python': '  - you are installing for {needs}',
  'fix.head': 'What you can do (each one checked by resolving again):',
  'fix.item': '  {n}. {title}',
  'fix.none': 'No small change to your requirements resolves; see the full explanation.',
  'join.list': '{a}, {b}',
  'join.last': '{a} and {b}',
};

export const VOICES = ['pubgrub', 'pip', 'plain'] as const;
export type Voice = (typeof VOICES)[number];
