/**
 * The `pubgrub` voice: Dart pub's error reporting, https://github.com/dart-lang/pub/blob/master/doc/solver.md#error-reporting
 * Number only the lines that are referred to again, fold linear chains, end with the
 * conclusion — in a Python user's words. A proof longer than its budget shows the steps nearest
 * the conclusion, says so first, and marks the facts whose proofs are left out (proof-cut.ts).
 */
import type { DerivationNode, DerivationTree } from '../solver/index.ts';
import { Describer } from './describe.ts';
import { proofCut, PROOF_STEPS, type ProofCut } from './proof-cut.ts';
import type { Wording } from './template.ts';
import { TreeView } from './versions.ts';
import { PUBGRUB } from './wording.ts';

export interface ReportLine {
  readonly text: string;
  /** Set when a later line refers back to this one. */
  readonly number: number | null;
  /** The incompatibility this line concludes (a node id of the tree); null for a blank line. */
  readonly node: number | null;
}

class Writer {
  private readonly derivations = new Map<number, number>();
  private readonly lines: { text: string; number: number | null; node: number | null }[] = [];
  private readonly lineNumbers = new Map<number, number>();

  private readonly omitted: ReadonlySet<number>;

  constructor(
    private readonly tree: DerivationTree,
    private readonly describe: Describer,
    private readonly cut: ProofCut | null,
  ) {
    this.omitted = cut?.omitted ?? new Set();
    this.count(tree.root);
  }

  private count(root: number): void {
    // On an explicit stack: a proof may be thousands of steps deep.
    const pending = [root];
    for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
      const seen = this.derivations.get(id);
      this.derivations.set(id, (seen ?? 0) + 1);
      if (seen !== undefined) continue;
      const cause = this.tree.nodes[id]!.cause;
      if (cause.kind === 'derived' && !this.omitted.has(id)) pending.push(cause.right, cause.left);
    }
  }

  private node(id: number): DerivationNode {
    return this.tree.nodes[id]!;
  }

  /** Whether `id` is a step shown with its proof (a step left out reads like a given fact). */
  private derived(id: number): boolean {
    return this.node(id).cause.kind === 'derived' && !this.omitted.has(id);
  }

  /** A premise as a clause: with its line number when it has one, marked when its proof is left out. */
  private premise(id: number, line?: number): string {
    const text = this.describe.text(this.node(id));
    if (this.omitted.has(id)) return this.say('proof.omitted', { text });
    return line === undefined ? text : this.say('ref', { text, line: String(line) });
  }

  /** Two premises joined: pub's tighter phrasings, unless one of them is a fact whose proof is left out. */
  private and(a: number, b: number, lineA?: number, lineB?: number): string {
    if (!this.omitted.has(a) && !this.omitted.has(b)) return this.describe.and(this.node(a), this.node(b), lineA, lineB);
    return this.say('pair', { a: this.premise(a, lineA), b: this.premise(b, lineB) });
  }

  private write(id: number, text: string, numbered: boolean): void {
    if (numbered) {
      const number = this.lineNumbers.size + 1;
      this.lineNumbers.set(id, number);
      this.lines.push({ text, number, node: id });
    } else {
      this.lines.push({ text, number: null, node: id });
    }
  }

  run(): ReportLine[] {
    if (this.cut) {
      const count = (n: number) => n.toLocaleString('en');
      const { totalSteps, shownSteps } = this.cut;
      this.lines.push({ text: this.say('proof.cut', { total: count(totalSteps), shown: count(shownSteps), omitted: count(totalSteps - shownSteps) }), number: null, node: null });
      this.lines.push({ text: '', number: null, node: null });
    }
    const root = this.node(this.tree.root);
    if (root.cause.kind !== 'derived') {
      this.write(root.id, this.describe.say('line.single', { cause: this.describe.text(root), conclusion: this.describe.say('failure') }), false);
    } else {
      this.visit(root.id, false);
    }
    return this.lines;
  }

  private say(key: string, values: Record<string, string>): string {
    return this.describe.say(key, values);
  }

  /** Writes the lines of `id`'s derivation: `steps` as a trampoline, since a proof may be thousands of steps deep. */
  private visit(id: number, conclusion: boolean): void {
    const stack = [this.steps(id, conclusion)];
    while (stack.length > 0) {
      const next = stack.at(-1)!.next();
      if (next.done) stack.pop();
      else stack.push(this.steps(...next.value));
    }
  }

  /** The lines of one derivation step; yields `[child, conclusion]` where the child's lines come first. */
  private *steps(id: number, conclusion: boolean): Generator<[number, boolean], void, undefined> {
    const d = this.describe;
    const node = this.node(id);
    const numbered = conclusion || (this.derivations.get(id) ?? 0) > 1;
    const isRoot = id === this.tree.root;
    const lineKey = conclusion || isRoot ? 'line.so' : 'line.and';
    const text = d.text(node);
    const cause = node.cause;
    if (cause.kind !== 'derived') throw new Error('internal error: visiting an external incompatibility');
    const [left, right] = [cause.left, cause.right];
    const leftDerived = this.derived(left);
    const rightDerived = this.derived(right);

    if (leftDerived && rightDerived) {
      const leftLine = this.lineNumbers.get(left);
      const rightLine = this.lineNumbers.get(right);
      if (leftLine !== undefined && rightLine !== undefined) {
        this.write(id, this.say('line.because', { cause: this.and(left, right, leftLine, rightLine), conclusion: text }), numbered);
      } else if (leftLine !== undefined || rightLine !== undefined) {
        const [withLine, withoutLine, line] = leftLine !== undefined ? [left, right, leftLine] : [right, left, rightLine!];
        yield [withoutLine, false];
        this.write(id, this.say(lineKey, { cause: this.say('ref', { text: d.text(this.node(withLine)), line: String(line) }), conclusion: text }), numbered);
      } else {
        const singleLeft = this.singleLine(left);
        const singleRight = this.singleLine(right);
        if (singleLeft || singleRight) {
          const [first, second] = singleRight ? [left, right] : [right, left];
          yield [first, false];
          yield [second, false];
          this.write(id, this.say('line.thus', { conclusion: text }), numbered);
        } else {
          yield [left, true];
          this.lines.push({ text: '', number: null, node: null });
          yield [right, false];
          this.write(
            id,
            this.say(lineKey, { cause: this.say('ref', { text: d.text(this.node(left)), line: String(this.lineNumbers.get(left)) }), conclusion: text }),
            numbered,
          );
        }
      }
    } else if (leftDerived || rightDerived) {
      const derived = leftDerived ? left : right;
      const external = leftDerived ? right : left;
      const derivedLine = this.lineNumbers.get(derived);
      if (derivedLine !== undefined) {
        this.write(id, this.say('line.because', { cause: this.and(external, derived, undefined, derivedLine), conclusion: text }), numbered);
      } else if (this.collapsible(derived)) {
        const inner = this.node(derived).cause;
        if (inner.kind !== 'derived') throw new Error('unreachable');
        const collapsedDerived = this.derived(inner.left) ? inner.left : inner.right;
        const collapsedExternal = this.derived(inner.left) ? inner.right : inner.left;
        yield [collapsedDerived, false];
        this.write(id, this.say(lineKey, { cause: this.and(collapsedExternal, external), conclusion: text }), numbered);
      } else {
        yield [derived, false];
        this.write(id, this.say(lineKey, { cause: this.premise(external), conclusion: text }), numbered);
      }
    } else {
      this.write(id, this.say('line.because', { cause: this.and(left, right), conclusion: text }), numbered);
    }
  }

  private singleLine(id: number): boolean {
    const cause = this.node(id).cause;
    return cause.kind === 'derived' && !this.derived(cause.left) && !this.derived(cause.right);
  }

  private collapsible(id: number): boolean {
    if ((this.derivations.get(id) ?? 0) > 1) return false;
    const cause = this.node(id).cause;
    if (cause.kind !== 'derived') return false;
    const l = this.derived(cause.left);
    const r = this.derived(cause.right);
    if (l && r) return false;
    if (!l && !r) return false;
    const complex = l ? cause.left : cause.right;
    return !this.lineNumbers.has(complex);
  }
}

export interface ProofOptions {
  /** Steps shown at most (PROOF_STEPS by default; Infinity for the whole proof, however long). */
  readonly maxSteps?: number;
}

/** The proof as lines (numbers kept apart so a UI can link them). */
export function pubgrubLines(tree: DerivationTree, wording: Wording = PUBGRUB, options: ProofOptions = {}): ReportLine[] {
  return new Writer(tree, new Describer(new TreeView(tree), wording), proofCut(tree, options.maxSteps ?? PROOF_STEPS)).run();
}

/** The proof as text: referenced lines end with their number, "(1)". */
export function pubgrubReport(tree: DerivationTree, wording: Wording = PUBGRUB, options: ProofOptions = {}): string {
  const out: string[] = [];
  let lastBlank = false;
  for (const line of pubgrubLines(tree, wording, options)) {
    if (!line.text) {
      if (!lastBlank) out.push('');
      lastBlank = true;
      continue;
    }
    lastBlank = false;
    out.push(line.number === null ? line.text : `${line.text} (${line.number})`);
  }
  return out.join('\n');
}
