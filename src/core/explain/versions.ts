/**
 * Naming packages and version sets of a derivation tree in a Python user's words:
 * sets go back to specifiers (the author's own where one matches, else ranges over the
 * known versions), the root is "you", the virtual `python` package is "Python".
 */
import { formatSpecifierSet } from '../pep440/index.ts';
import { tryParseRequirement } from '../pep508/index.ts';
import type { DerivationPackage, DerivationTree } from '../solver/index.ts';
import { countSet, indicesOf, isEmpty, runsOf, setsEqual, type VersionSet } from '../solver/version-set.ts';

export class TreeView {
  /** Known specifiers per package: the author's text and the set it names. */
  private readonly specifiers = new Map<number, { text: string; set: VersionSet }[]>();

  constructor(readonly tree: DerivationTree) {
    const remember = (pkg: number, text: string, set: VersionSet) => {
      const list = this.specifiers.get(pkg) ?? [];
      list.push({ text, set });
      this.specifiers.set(pkg, list);
    };
    for (const node of tree.nodes) {
      const cause = node.cause;
      const term = node.terms[1];
      if (!term) continue;
      if (cause.kind === 'requiresPython') remember(term.pkg, cause.requiresPython, term.versions);
      if (cause.kind !== 'dependency' || !cause.requirement) continue;
      const req = tryParseRequirement(cause.requirement);
      if (req) remember(term.pkg, formatSpecifierSet(req.specifier), term.versions);
    }
  }

  pkg(id: number): DerivationPackage {
    return this.tree.packages[id]!;
  }

  size(id: number): number {
    return this.pkg(id).versions.length;
  }

  isRoot(id: number): boolean {
    return this.pkg(id).kind === 'root';
  }

  isPython(id: number): boolean {
    return this.pkg(id).kind === 'python';
  }

  isFull(id: number, set: VersionSet): boolean {
    return countSet(set) === this.size(id);
  }

  isSingle(set: VersionSet): boolean {
    return countSet(set) === 1;
  }

  /** The display name: `requests`, `requests[socks]`, `Python`. */
  name(id: number): string {
    return this.pkg(id).name;
  }

  versionList(id: number, set: VersionSet): string[] {
    const versions = this.pkg(id).versions;
    return [...indicesOf(set)].map((i) => versions[i]!);
  }

  /** A specifier for `set`: the author's own when one names exactly these versions, else ranges. '' = any. */
  specifier(id: number, set: VersionSet): string {
    const pkg = this.pkg(id);
    const n = pkg.versions.length;
    if (countSet(set) === n) return '';
    for (const known of this.specifiers.get(id) ?? []) {
      if (known.text && setsEqual(known.set, set)) return known.text;
    }
    if (isEmpty(set)) return '';
    const versions = pkg.versions;
    const all = countSet(set);
    if (all === n - 1) {
      const missing = [...indicesOf(complementOf(set, n))][0]!;
      return `!=${versions[missing]}`;
    }
    const runs = runsOf(set);
    if (runs.length > 3) {
      // Scattered versions read better as a list.
      return '';
    }
    return runs
      .map(([first, last]) => {
        if (first === last) return `==${versions[first]}`;
        const lower = first > 0 ? `>=${versions[first]}` : '';
        const upper = last < n - 1 ? `<${versions[last + 1]}` : '';
        return [lower, upper].filter(Boolean).join(',');
      })
      .join(' or ');
  }

  /** Versions as a short list: "1.0, 1.1 and 2.0", or "1.0, 1.1, … and 3.0 (12 versions)". */
  listText(id: number, set: VersionSet, and = 'and'): string {
    const list = this.versionList(id, set);
    if (list.length <= 1) return list.join('');
    if (list.length <= 5) return `${list.slice(0, -1).join(', ')} ${and} ${list[list.length - 1]}`;
    return `${list.slice(0, 3).join(', ')}, … ${and} ${list[list.length - 1]} (${list.length} versions)`;
  }

  /**
   * A requirement-like name for a set, as in "requires bar>=2,<3": `bar` when any version
   * does, `bar==1.0` for one, `bar 1.0, 1.2 or 1.5` for scattered versions.
   */
  requirementText(id: number, set: VersionSet): string {
    const name = this.name(id);
    if (this.isPython(id)) {
      const spec = this.specifier(id, set);
      return spec ? `Python ${spec}` : this.isFull(id, set) ? 'Python' : `Python ${this.listText(id, set, 'or')}`;
    }
    if (this.isFull(id, set) || isEmpty(set)) return name;
    const spec = this.specifier(id, set);
    if (spec) return `${name}${spec}`;
    return `${name} ${this.listText(id, set, 'or')}`;
  }

  /** A subject: "every version of foo", "foo 1.0.0", "foo>=1.0,<2.0". */
  subjectText(id: number, set: VersionSet, every: string): string {
    const pkg = this.pkg(id);
    const name = this.name(id);
    if (this.isPython(id)) return this.requirementText(id, set);
    if (this.isFull(id, set)) return pkg.versions.length === 1 ? `${name} ${pkg.versions[0]}` : every.replace('{name}', name);
    if (this.isSingle(set)) return `${name} ${this.versionList(id, set)[0]}`;
    const spec = this.specifier(id, set);
    if (spec) return `${name}${spec}`;
    return `${name} ${this.listText(id, set)}`;
  }
}

function complementOf(set: VersionSet, size: number): VersionSet {
  const out = new Uint32Array(set.length);
  for (let i = 0; i < set.length; i++) out[i] = ~set[i]!;
  const rest = size & 31;
  if (rest !== 0 && out.length > 0) out[out.length - 1]! &= 2 ** rest - 1;
  return out;
}

/** The specifier part of a requirement text ("bar (>=1,<2); extra == 'x'" -> ">=1,<2"), or the text itself. */
export function specifierOf(requirement: string): string {
  const req = tryParseRequirement(requirement);
  if (!req) return requirement;
  return formatSpecifierSet(req.specifier);
}

/** A requirement as its author wrote it, without its marker (it held, or the requirement would not be here). */
export function requirementLabel(requirement: string): string {
  const req = tryParseRequirement(requirement);
  if (!req) return requirement;
  const semicolon = requirement.indexOf(';');
  const text = (semicolon >= 0 && !req.url ? requirement.slice(0, semicolon) : requirement).trim();
  // The old parenthesised form reads better as today's: "botocore (<2,>=1.5)" -> "botocore<2,>=1.5".
  if (!req.url && text.includes('(')) return `${req.name}${req.extras.length ? `[${req.extras.join(',')}]` : ''}${formatSpecifierSet(req.specifier)}`;
  return text.replace(/\s+/g, ' ');
}
