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

export function whyInstalledIn(success: ResolveSuccess, name: string): WhyInstalled {
  const key = normalizeName(name);
  const byKey = new Map(success.packages.map((p) => [p.key, p]));
  const target = byKey.get(key);
  if (!target) throw new Error(`${name} is not in the install plan`);
  const baseKey = (k: string) => k.replace(/\[.*\]$/, '');

  // Breadth-first from X up to your requirements, so the shortest chains come first.
  const chains: string[][] = [];
  const queue: { key: string; path: string[]; seen: Set<string> }[] = [{ key, path: [], seen: new Set([key]) }];
  while (queue.length && chains.length < MAX_CHAINS) {
    const { key: current, path, seen } = queue.shift()!;
    const pkg = byKey.get(baseKey(current));
    if (!pkg) continue;
    for (const edge of pkg.requiredBy) {
      if (edge.from === null) {
        chains.push([`you require ${edge.requirement}`, ...path]);
        if (chains.length >= MAX_CHAINS) break;
        continue;
      }
      const from = baseKey(edge.from);
      if (seen.has(from)) continue;
      const fromPkg = byKey.get(from);
      const step = `${edge.from} ${edge.fromVersion ?? fromPkg?.version ?? ''} requires ${edge.requirement}`.replace(/\s+/g, ' ');
      queue.push({ key: from, path: [step, ...path], seen: new Set([...seen, from]) });
    }
  }
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
