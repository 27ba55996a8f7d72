/** How a plan row says who asked for a package. */
import type { RequiredBy, ResolvedPackage } from '../../../core/index.ts';

export function requirerLabel(by: RequiredBy, names: ReadonlyMap<string, string>): string {
  if (by.from === null) return `you: ${by.requirement}`;
  const base = by.from.replace(/\[.*\]$/, '');
  const extra = by.from.slice(base.length);
  const name = `${names.get(base) ?? base}${extra}`;
  return `${name}${by.fromVersion ? ` ${by.fromVersion}` : ''}: ${by.requirement}`;
}

export function namesByKey(packages: readonly ResolvedPackage[]): Map<string, string> {
  return new Map(packages.map((p) => [p.key, p.name]));
}

export function flagsOf(p: ResolvedPackage): { label: string; tone: 'danger' | 'warn' | 'accent'; title: string }[] {
  const flags: { label: string; tone: 'danger' | 'warn' | 'accent'; title: string }[] = [];
  if (p.direct) flags.push({ label: 'direct', tone: 'accent', title: 'You asked for it yourself' });
  if (p.yanked !== false) flags.push({ label: 'yanked', tone: 'danger', title: p.yanked ? `Yanked: ${p.yanked}` : 'Yanked (no reason given)' });
  if (p.prerelease) flags.push({ label: 'pre-release', tone: 'warn', title: 'A pre-release version' });
  return flags;
}
