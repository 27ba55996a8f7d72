/**
 * One incompatibility of a derivation tree as a clause (pub's `Incompatibility.toString`),
 * and two of them joined with the phrasings pub uses to keep proofs short
 * (`andToString`: "depends on both", "which depends on", "which cannot be installed").
 */
import type { DerivationNode, DerivationPackage, DerivationTerm } from '../solver/index.ts';
import { countSet } from '../solver/version-set.ts';
import { say, type Wording } from './template.ts';
import { FACTS } from './wording.ts';
import { requirementLabel, TreeView } from './versions.ts';
import { byVersion } from './causes.ts';

export class Describer {
  constructor(
    readonly view: TreeView,
    readonly words: Wording,
  ) {}

  say(key: string, values: Readonly<Record<string, string>> = {}): string {
    return say(this.words, FACTS, key, values);
  }

  node(id: number): DerivationNode {
    return this.view.tree.nodes[id]!;
  }

  isDerived(node: DerivationNode): boolean {
    return node.cause.kind === 'derived';
  }

  /** Terms as a reader should see them: derived facts leave out "you", which always holds. */
  terms(node: DerivationNode): readonly DerivationTerm[] {
    if (node.cause.kind === 'derived' && node.terms.length > 1) {
      return node.terms.filter((t) => !(t.positive && this.view.isRoot(t.pkg)));
    }
    return node.terms;
  }

  isFailure(node: DerivationNode): boolean {
    const terms = node.terms;
    return terms.length === 0 || (terms.length === 1 && terms[0]!.positive && this.view.isRoot(terms[0]!.pkg));
  }

  private many(term: DerivationTerm): 'one' | 'many' {
    return countSet(term.versions) === 1 ? 'one' : 'many';
  }

  /** "every version of foo", "foo 1.0.0", "foo>=1,<2", "you". */
  subject(term: DerivationTerm): string {
    if (this.view.isRoot(term.pkg)) return this.say('you');
    return this.view.subjectText(term.pkg, term.versions, this.say('every', { name: '{name}' }));
  }

  /** "bar>=2", "bar", "Python>=3.10". */
  object(term: DerivationTerm): string {
    return this.view.requirementText(term.pkg, term.versions);
  }

  /** The verb a node's depender uses: "depends on", "requires", or "require" after "you". */
  private verb(node: DerivationNode, subject: DerivationTerm | undefined): string {
    if (subject && this.view.isRoot(subject.pkg)) return this.say('verb.root');
    return this.say(node.cause.kind === 'dependency' ? 'verb.depends' : 'verb.requires');
  }

  private dependencyText(node: DerivationNode): string {
    const cause = node.cause;
    if (cause.kind !== 'dependency') throw new Error('not a dependency');
    if (cause.requirement) return requirementLabel(cause.requirement);
    const target = node.terms[1];
    return target ? this.object(target) : this.view.name(cause.dependency);
  }

  /**
   * The key for "no version of P matches": with `.one`/`.many` and the versions that do exist
   * when P has any ("only a 1.2.3.post1 exists"), the bare key when it has none.
   */
  private unmet(key: string, target: number): { key: string; values: Record<string, string> } {
    const count = this.view.size(target);
    if (count === 0) return { key, values: {} };
    const all = new Uint32Array(Math.ceil(count / 32));
    for (let i = 0; i < count; i++) all[i >>> 5]! |= 1 << (i & 31);
    return { key: `${key}.${count === 1 ? 'one' : 'many'}`, values: { available: this.view.listText(target, all) } };
  }

  /** What an external fact says of its (single) subject, without the subject: "was yanked". */
  predicate(node: DerivationNode): string {
    const cause = node.cause;
    const term = node.terms[0]!;
    // "every version of foo has", "foo 1.0 and 1.1 have".
    const number = this.view.isFull(term.pkg, term.versions) ? 'one' : this.many(term);
    const name = this.view.name(term.pkg);
    switch (cause.kind) {
      case 'unavailable': {
        const reason = cause.reason;
        switch (reason.kind) {
          case 'yanked': {
            const reasons = [...new Set(this.view.versionList(term.pkg, term.versions).map((v) => reason.reasons[v]).filter((r): r is string => !!r))];
            const text = reasons.length ? this.say('yanked.reason', { reason: reasons.join('"; "') }) : '';
            return this.say(`predicate.yanked.${number}`, { reason: text });
          }
          case 'prerelease':
            return this.say(`predicate.prerelease.${number}`, { name });
          case 'noDistribution':
            return this.say(`predicate.nodist.${number}`, { detail: reason.detail });
          case 'tooNew':
            return this.say(`predicate.toonew.${number}`, { cutoff: reason.cutoff });
          case 'constraint': {
            const source = reason.source ? this.say('constraint.source', { source: reason.source }) : '';
            return this.say(`predicate.constraint.${number}`, { requirement: reason.requirement, source });
          }
          case 'metadata':
            return this.say(`predicate.metadata.${number}`, { message: reason.message });
          case 'quarantined':
            return this.say('predicate.quarantined', { reason: reason.reason ? this.say('quarantined.reason', { reason: reason.reason }) : '' });
          case 'advisory': {
            const ids = [...new Set(this.view.versionList(term.pkg, term.versions).flatMap((v) => reason.advisories[v] ?? []))];
            const fixed = byVersion([...new Set(ids.flatMap((id) => reason.fixed[id] ?? []))]);
            const advisories = ids.length > 4 ? `${ids.slice(0, 4).join(', ')} and ${ids.length - 4} more` : ids.join(', ');
            return this.say(`predicate.advisory.${number}`, { advisories, fixed: fixed.length ? this.say('advisory.fixed', { fixed: fixed.join(', ') }) : '' });
          }
        }
        break;
      }
      case 'dependency':
        if (node.terms.length === 1) {
          const target = this.view.pkg(cause.dependency);
          const values = { dependency: this.dependencyText(node), name: target.name, reason: this.quarantineReason(target) };
          const absence = this.absence(target);
          if (absence !== 'nomatch') return this.say(`predicate.dependency.${absence}`, values);
          const unmet = this.unmet('predicate.dependency.nomatch', cause.dependency);
          return this.say(unmet.key, { ...values, ...unmet.values });
        }
        break;
      case 'requiresPython':
        return this.say('predicate.python', { python: `Python ${cause.requiresPython}` });
    }
    return this.say(`predicate.forbidden.${number}`);
  }

  /** Why a dependency has no version: not in the index, quarantined (PEP 792, no file listed), or none matches. */
  private absence(target: DerivationPackage): 'missing' | 'quarantined' | 'nomatch' {
    if (target.notFound) return 'missing';
    return target.quarantined && target.versions.length === 0 ? 'quarantined' : 'nomatch';
  }

  private quarantineReason(target: DerivationPackage): string {
    return target.quarantined?.reason ? this.say('quarantined.reason', { reason: target.quarantined.reason }) : '';
  }

  /** The clause for one incompatibility. */
  text(node: DerivationNode): string {
    const cause = node.cause;
    const terms = node.terms;
    switch (cause.kind) {
      case 'root':
        return this.say('failure');
      case 'targetPython':
        return this.say('python.target', { version: cause.python });
      case 'dependency': {
        const depender = terms[0]!;
        const root = this.view.isRoot(depender.pkg);
        const dependency = this.dependencyText(node);
        if (terms.length === 1) {
          const target = this.view.pkg(cause.dependency);
          // A live index lists no file of a quarantined project: say so, not "no version matches".
          if (target.quarantined && target.versions.length === 0) {
            const reason = target.quarantined.reason ? this.say('quarantined.reason', { reason: target.quarantined.reason }) : '';
            return this.say(root ? 'dependency.root.quarantined' : 'dependency.quarantined', { subject: this.subject(depender), dependency, name: target.name, reason });
          }
          const values = { subject: this.subject(depender), dependency, name: target.name };
          if (target.notFound) return this.say(`dependency${root ? '.root' : ''}.missing`, values);
          const unmet = this.unmet(`dependency${root ? '.root' : ''}.nomatch`, cause.dependency);
          return this.say(unmet.key, { ...values, ...unmet.values });
        }
        return this.say(root ? 'dependency.root' : 'dependency', { subject: this.subject(depender), dependency });
      }
      case 'requiresPython': {
        const python = `Python ${cause.requiresPython}`;
        return this.say(terms.length === 1 ? 'python.requires.none' : 'python.requires', { subject: this.subject(terms[0]!), python });
      }
      case 'unavailable': {
        // Versions set apart for a reason are named one by one, not as a range.
        const term = terms[0]!;
        if (cause.reason.kind === 'quarantined') {
          const reason = cause.reason.reason ? this.say('quarantined.reason', { reason: cause.reason.reason }) : '';
          return this.say('quarantined', { name: this.view.name(term.pkg), reason });
        }
        const subject = countSet(term.versions) === 1 || this.view.isFull(term.pkg, term.versions) ? this.subject(term) : `${this.view.name(term.pkg)} ${this.view.listText(term.pkg, term.versions)}`;
        return this.say('fact', { subject, predicate: this.predicate(node) });
      }
      case 'derived':
        return this.derivedText(node);
    }
  }

  private derivedText(node: DerivationNode): string {
    if (this.isFailure(node)) return this.say('failure');
    const terms = this.terms(node);
    if (terms.length === 1) {
      const term = terms[0]!;
      if (term.positive) {
        if (this.view.isFull(term.pkg, term.versions)) return this.say('forbidden.any', { name: this.view.name(term.pkg) });
        return this.say('forbidden', { subject: this.subject(term) });
      }
      return this.say('required', { dependency: this.object(term) });
    }
    const positives = terms.filter((t) => t.positive);
    const negatives = terms.filter((t) => !t.positive);
    if (terms.length === 2 && positives.length === 2) {
      return this.say('incompatible', { a: this.subject(positives[0]!), b: this.subject(positives[1]!) });
    }
    if (terms.length === 2 && negatives.length === 2) {
      return this.say('either', { a: this.object(negatives[0]!), b: this.object(negatives[1]!) });
    }
    const orList = (items: string[]) => items.reduce((a, b) => this.say('join.or', { a, b }));
    const andList = (items: string[]) => items.reduce((a, b) => this.say('join.and', { a, b }));
    if (positives.length > 0 && negatives.length > 0) {
      const list = orList(negatives.map((t) => this.object(t)));
      if (positives.length === 1) {
        const p = positives[0]!;
        if (this.view.isRoot(p.pkg)) return this.say('requires.root', { list });
        return this.say('requires', { subject: this.subject(p), list });
      }
      return this.say('if_then', { a: andList(positives.map((t) => this.subject(t))), b: list });
    }
    if (positives.length > 0) return this.say('all_false', { list: andList(positives.map((t) => this.subject(t))) });
    return this.say('one_true', { list: orList(negatives.map((t) => this.object(t))) });
  }

  private single(node: DerivationNode, positive: boolean): DerivationTerm | undefined {
    const found = this.terms(node).filter((t) => t.positive === positive);
    return found.length === 1 ? found[0] : undefined;
  }

  private ref(text: string, line: number | undefined): string {
    return line === undefined ? text : this.say('ref', { text, line: String(line) });
  }

  /** "a and b", phrased more tightly where pub's patterns apply. */
  and(a: DerivationNode, b: DerivationNode, lineA?: number, lineB?: number): string {
    return (
      this.bothUnmet(a, b, lineA, lineB) ??
      this.requiresBoth(a, b, lineA, lineB) ??
      this.requiresThrough(a, b, lineA, lineB) ??
      this.requiresForbidden(a, b, lineA, lineB) ??
      this.say('pair', { a: this.ref(this.text(a), lineA), b: this.ref(this.text(b), lineB) })
    );
  }

  private objectsOf(node: DerivationNode): string {
    if (node.cause.kind === 'dependency' && node.terms.length === 2) return this.dependencyText(node);
    if (node.cause.kind === 'requiresPython' && node.terms.length === 2) return `Python ${node.cause.requiresPython}`;
    return this.terms(node)
      .filter((t) => !t.positive)
      .map((t) => this.object(t))
      .reduce((x, y) => this.say('join.or', { a: x, b: y }));
  }

  /** Two requirements that nothing in the index meets, on the same project, said once. */
  private bothUnmet(a: DerivationNode, b: DerivationNode, lineA?: number, lineB?: number): string | null {
    if (a.cause.kind !== 'dependency' || b.cause.kind !== 'dependency' || a.terms.length !== 1 || b.terms.length !== 1) return null;
    if (a.cause.dependency !== b.cause.dependency) return null;
    const target = this.view.pkg(a.cause.dependency);
    const clause = (n: DerivationNode) => {
      const depender = n.terms[0]!;
      const key = this.view.isRoot(depender.pkg) ? 'dependency.root' : 'dependency';
      return this.say(key, { subject: this.subject(depender), dependency: this.dependencyText(n) });
    };
    const values = { a: this.ref(clause(a), lineA), b: this.ref(clause(b), lineB), name: target.name, reason: this.quarantineReason(target) };
    const absence = this.absence(target);
    if (absence !== 'nomatch') return this.say(`both.${absence}`, values);
    const unmet = this.unmet('both.nomatch', a.cause.dependency);
    return this.say(unmet.key, { ...values, ...unmet.values });
  }

  /** "foo depends on both X and Y". */
  private requiresBoth(a: DerivationNode, b: DerivationNode, lineA?: number, lineB?: number): string | null {
    if (this.terms(a).length === 1 || this.terms(b).length === 1) return null;
    const pa = this.single(a, true);
    const pb = this.single(b, true);
    if (!pa || !pb || pa.pkg !== pb.pkg || !subsetOf(pa.versions, pb.versions) || !subsetOf(pb.versions, pa.versions)) return null;
    if (this.terms(a).every((t) => t.positive) || this.terms(b).every((t) => t.positive)) return null;
    const objectA = this.objectsOf(a);
    const objectB = this.objectsOf(b);
    if (objectA === objectB && lineA === undefined && lineB === undefined) {
      // One requirement of yours with extras stands for several packages: name it once.
      return this.view.isRoot(pa.pkg) ? this.say('dependency.root', { dependency: objectA }) : this.say('dependency', { subject: this.subject(pa), dependency: objectA });
    }
    const dependencies = a.cause.kind === 'dependency' && b.cause.kind === 'dependency';
    const verb = this.view.isRoot(pa.pkg) ? this.say('verb.root') : this.say(dependencies ? 'verb.depends' : 'verb.requires');
    return this.say('both', {
      subject: this.subject(pa),
      verb,
      a: this.ref(objectA, lineA),
      b: this.ref(objectB, lineB),
    });
  }

  /** "foo depends on bar which depends on baz". */
  private requiresThrough(a: DerivationNode, b: DerivationNode, lineA?: number, lineB?: number): string | null {
    if (this.terms(a).length === 1 || this.terms(b).length === 1) return null;
    const na = this.single(a, false);
    const nb = this.single(b, false);
    if (!na && !nb) return null;
    const pa = this.single(a, true);
    const pb = this.single(b, true);
    let prior: DerivationNode, priorNegative: DerivationTerm, priorLine: number | undefined, latter: DerivationNode, latterLine: number | undefined;
    if (na && pb && na.pkg === pb.pkg && subsetOf(na.versions, pb.versions)) {
      [prior, priorNegative, priorLine, latter, latterLine] = [a, na, lineA, b, lineB];
    } else if (nb && pa && nb.pkg === pa.pkg && subsetOf(nb.versions, pa.versions)) {
      [prior, priorNegative, priorLine, latter, latterLine] = [b, nb, lineB, a, lineA];
    } else {
      return null;
    }
    const positives = this.terms(prior).filter((t) => t.positive);
    const verb2 = this.say(latter.cause.kind === 'dependency' ? 'verb.depends' : 'verb.requires');
    const first = this.ref(prior.cause.kind === 'dependency' && prior.terms.length === 2 ? this.dependencyText(prior) : this.object(priorNegative), priorLine);
    const last = this.ref(this.objectsOf(latter), latterLine);
    if (positives.length !== 1) {
      return this.say('through.if', { subject: positives.map((t) => this.subject(t)).join(' and '), a: first, verb2, b: last });
    }
    return this.say('through', { subject: this.subject(positives[0]!), verb: this.verb(prior, positives[0]), a: first, verb2, b: last });
  }

  /** "foo depends on bar, which was yanked". */
  private requiresForbidden(a: DerivationNode, b: DerivationNode, lineA?: number, lineB?: number): string | null {
    const ta = this.terms(a);
    const tb = this.terms(b);
    if (ta.length !== 1 && tb.length !== 1) return null;
    const [prior, latter, priorLine, latterLine] = ta.length === 1 ? [b, a, lineB, lineA] : [a, b, lineA, lineB];
    const negative = this.single(prior, false);
    const latterTerm = this.terms(latter)[0];
    if (!negative || !latterTerm || !latterTerm.positive || latterTerm.pkg !== negative.pkg) return null;
    if (!subsetOf(negative.versions, latterTerm.versions)) return null;
    const positives = this.terms(prior).filter((t) => t.positive);
    const target = this.ref(prior.cause.kind === 'dependency' && prior.terms.length === 2 ? this.dependencyText(prior) : this.object(negative), priorLine);
    if (latter.cause.kind === 'dependency' && latter.terms.length === 1 && positives.length === 1) {
      const missing = this.view.pkg(latter.cause.dependency);
      const values = {
        subject: this.subject(positives[0]!),
        verb: this.verb(prior, positives[0]),
        a: target,
        b: this.ref(this.dependencyText(latter), latterLine),
        name: missing.name,
        reason: this.quarantineReason(missing),
      };
      const absence = this.absence(missing);
      if (absence !== 'nomatch') return this.say(`through.${absence}`, values);
      const unmet = this.unmet('through.nomatch', latter.cause.dependency);
      return this.say(unmet.key, { ...values, ...unmet.values });
    }
    // Versions set apart for a reason count only where the requirement would take them:
    // "c>=2.0.0b1, but c 2.0.0b1 … 2.0.0b9 are pre-releases", not every pre-release of c.
    const narrowed = latter.cause.kind === 'unavailable' && latter.terms.length === 1 ? { ...latter, terms: [{ ...latterTerm, versions: intersect(latterTerm.versions, negative.versions) }] } : latter;
    const clause = this.ref(this.text(narrowed), latterLine);
    if (positives.length !== 1) {
      return this.say('forbidden_through.if', { subject: positives.map((t) => this.subject(t)).join(' and '), a: target, b: clause });
    }
    return this.say('forbidden_through', { subject: this.subject(positives[0]!), verb: this.verb(prior, positives[0]), a: target, b: clause });
  }
}

function intersect(a: Uint32Array, b: Uint32Array): Uint32Array {
  const out = new Uint32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! & b[i]!;
  return out;
}

function subsetOf(a: Uint32Array, b: Uint32Array): boolean {
  for (let i = 0; i < a.length; i++) if ((a[i]! & ~b[i]!) !== 0) return false;
  return true;
}
