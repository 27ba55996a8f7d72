/**
 * Questions about a successful plan: "why is X installed?" (the chains of requirements from
 * yours to X) and "why not a newer X?" (what excludes the newer versions, found by asking
 * the resolver for one).
 */
import { compareVersions, parseVersion } from '../pep440/index.ts';
import { normalizeName, parseRequirement } from '../pep508/index.ts';
import { resolve, type DependencyProvider, type ResolveRequest, type ResolveSuccess } from '../solver/index.ts';
import { pubgrubReport } from './pubgrub.ts';
import type { Wording } from './template.ts';
import type { WhyInstalled, WhyNotNewer } from './types.ts';
import { diffPlans } from './suggest.ts';
import { PUBGRUB, type Voice } from './wording.ts';

const MAX_CHAINS = 5;
/** Partial chains looked at, at most: the search stops there with what it found (graphs a real plan never has). */
const MAX_EXPANSIONS = 200_000;

type Plan = ReadonlyMap<string, ResolveSuccess['packages'][number]>;

/** A chain from a package up towards your requirements: its top, and the steps below it down to X. */
interface PartialChain {
  readonly key: string;
  /** "top requires below", or null at X itself. */
  readonly step: string | null;
  readonly below: PartialChain | null;
  readonly length: number;
  /** The fewest steps up to a requirement from any package on the chain: one with fewer can't be on it. */
  readonly minUp: number;
}

/**
 * Up to MAX_CHAINS chains from your requirements down to `key`, shortest first, none passing a
 * package twice. A best-first search over partial chains, each ranked by its length plus the
 * fewest steps from its top up to a requirement of yours (computed first, breadth-first from
 * your requirements down): the shortest chains come out first, and among equal ones the
 * search goes deep before wide, so a plan whose paths multiply (a diamond at every level) costs
 * a few chains' worth of work, not one step per path.
 */
function shortestChains(byKey: Plan, key: string, baseKey: (k: string) => string): string[][] {
  const stepsUp = stepsToRequirements(byKey, baseKey);
  const queue = new ChainQueue();
  const up = stepsUp.get(key);
  if (up !== undefined) queue.push({ key, step: null, below: null, length: 0, minUp: up }, up);
  const chains: string[][] = [];
  for (let expanded = 0; chains.length < MAX_CHAINS && expanded < MAX_EXPANSIONS; expanded++) {
    const partial = queue.pop();
    if (!partial) break;
    const pkg = byKey.get(baseKey(partial.key));
    if (!pkg) continue;
    for (const edge of pkg.requiredBy) {
      if (edge.from === null) {
        chains.push([`you require ${edge.requirement}`, ...stepsOf(partial)]);
        if (chains.length >= MAX_CHAINS) break;
        continue;
      }
      const from = baseKey(edge.from);
      const fromUp = stepsUp.get(from);
      // Along a shortest chain each step up is closer to your requirements: no walk down the chain is needed.
      if (fromUp === undefined || (fromUp >= partial.minUp && passes(partial, from))) continue;
      const fromPkg = byKey.get(from);
      const step = `${edge.from} ${edge.fromVersion ?? fromPkg?.version ?? ''} requires ${edge.requirement}`.replace(/\s+/g, ' ');
      queue.push({ key: from, step, below: partial, length: partial.length + 1, minUp: Math.min(partial.minUp, fromUp) }, partial.length + 1 + fromUp);
    }
  }
  return chains;
}

/** For each package your requirements reach, the fewest "requires" steps from one of them down to it. */
function stepsToRequirements(byKey: Plan, baseKey: (k: string) => string): Map<string, number> {
  const requires = new Map<string, string[]>();
  const steps = new Map<string, number>();
  let frontier: string[] = [];
  for (const [key, pkg] of byKey) {
    for (const edge of pkg.requiredBy) {
      if (edge.from === null) {
        if (!steps.has(key)) frontier.push(key);
        steps.set(key, 0);
      } else {
        const from = baseKey(edge.from);
        let list = requires.get(from);
        if (!list) requires.set(from, (list = []));
        list.push(key);
      }
    }
  }
  for (let depth = 1; frontier.length > 0; depth++) {
    const next: string[] = [];
    for (const key of frontier) {
      for (const below of requires.get(key) ?? []) {
        if (steps.has(below)) continue;
        steps.set(below, depth);
        next.push(below);
      }
    }
    frontier = next;
  }
  return steps;
}

function passes(chain: PartialChain, key: string): boolean {
  for (let at: PartialChain | null = chain; at; at = at.below) if (at.key === key) return true;
  return false;
}

/** The steps of a partial chain, from its top down to X. */
function stepsOf(chain: PartialChain): string[] {
  const steps: string[] = [];
  for (let at: PartialChain | null = chain; at; at = at.below) if (at.step !== null) steps.push(at.step);
  return steps;
}

/** A binary heap of partial chains: least rank first; among equal ranks the longest, then the first pushed. */
class ChainQueue {
  private readonly items: { chain: PartialChain; rank: number; order: number }[] = [];
  private pushed = 0;

  push(chain: PartialChain, rank: number): void {
    const items = this.items;
    items.push({ chain, rank, order: this.pushed++ });
    for (let i = items.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  pop(): PartialChain | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last) {
      items[0] = last;
      for (let i = 0; ; ) {
        const left = 2 * i + 1;
        const right = left + 1;
        let best = i;
        if (left < items.length && this.before(left, best)) best = left;
        if (right < items.length && this.before(right, best)) best = right;
        if (best === i) break;
        [items[i], items[best]] = [items[best]!, items[i]!];
        i = best;
      }
    }
    return top?.chain;
  }

  private before(a: number, b: number): boolean {
    const x = this.items[a]!;
    const y = this.items[b]!;
    return x.rank !== y.rank ? x.rank < y.rank : x.chain.length !== y.chain.length ? x.chain.length > y.chain.length : x.order < y.order;
  }
}

export function whyInstalledIn(success: ResolveSuccess, name: string): WhyInstalled {
  const key = normalizeName(name);
  const byKey = new Map(success.packages.map((p) => [p.key, p]));
  const target = byKey.get(key);
  if (!target) throw new Error(`${name} is not in the install plan`);
  const baseKey = (k: string) => k.replace(/\[.*\]$/, '');

  const chains = shortestChains(byKey, key, baseKey);
  const head = `${target.name} ${target.version} is installed because`;
  const text =
    chains.length === 0
      ? `${target.name} ${target.version} is installed, but nothing in the plan requires it.`
      : chains.length === 1
        ? `${head} ${chains[0]!.join(', and ')}.`
        : `${head}:\n${chains.map((c) => `  - ${c.join(', and ')}`).join('\n')}`;
  return { package: target.name, version: target.version, chains, text };
}

export async function whyNotNewerIn(
  provider: DependencyProvider,
  request: ResolveRequest,
  success: ResolveSuccess,
  name: string,
  options: { readonly signal?: { readonly aborted: boolean }; readonly wording?: Partial<Record<Voice, Wording>> } = {},
): Promise<WhyNotNewer> {
  const key = normalizeName(name);
  const installed = success.packages.find((p) => p.key === key);
  if (!installed) throw new Error(`${name} is not in the install plan`);
  const project = await provider.getProject(key);
  const current = parseVersion(installed.version);
  const newer = (project?.candidates ?? [])
    .filter((c) => compareVersions(c.version, current) > 0)
    .map((c) => c.version.text)
    .reverse();
  if (newer.length === 0) {
    return { package: installed.name, version: installed.version, newer, text: `${installed.name} ${installed.version} is the newest version in the index.`, possible: null };
  }
  // Ask for any newer version; the proof of why there is none is the answer.
  const ask = parseRequirement(`${installed.name}>${installed.version}`);
  const result = await resolve(provider, { ...request, requirements: [...request.requirements, ask] }, { signal: options.signal });
  if (!result.ok) {
    const words = { ...PUBGRUB, ...(options.wording?.pubgrub ?? {}) };
    return {
      package: installed.name,
      version: installed.version,
      newer,
      text: `Newer versions exist (${newer.slice(0, 5).join(', ')}${newer.length > 5 ? ', …' : ''}), but none can be installed with your requirements:\n${pubgrubReport(result.derivation, words)}`,
      possible: null,
    };
  }
  const before: Record<string, string> = {};
  for (const p of success.packages) before[p.name] = p.version;
  const after: Record<string, string> = {};
  for (const p of result.packages) after[p.name] = p.version;
  const chosen = result.packages.find((p) => p.key === key)!;
  const change = diffPlans(before, after);
  const others = change.changed.filter((c) => normalizeName(c.name) !== key);
  return {
    package: installed.name,
    version: installed.version,
    newer,
    text:
      `${installed.name} ${chosen.version} can be installed too` +
      (others.length ? `, if ${others.map((c) => `${c.name} goes from ${c.from} to ${c.to}`).join(', ')}` : '') +
      '. The resolver took the newest versions of packages in the order it met them, which led to an older one here.',
    possible: change,
  };
}
