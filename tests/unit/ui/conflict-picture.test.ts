/**
 * The conflict picture's data on small hand-made indexes: the clashing package first, each
 * requirement a band over the versions it allows (specifiers in canonical form), the chain
 * from your own requirement, an empty overlap where there is no solution, unusable versions
 * marked, and long version lists cut into a few labelled spans.
 */
import { describe, expect, it } from 'vitest';
import { explainFailure, IndexProvider, loadProjects, makeTarget, parseRequirement, resolve, type PackageIndex, type ResolveRequest } from '../../../src/core/index.ts';
import { barRuns, conflictPicture, segmentLabel, segmentsOf, type PackagePicture } from '../../../src/ui/components/ConflictPicture/model.ts';

type Release = { requires?: string[]; yanked?: boolean | string; python?: string };

function index(projects: Record<string, Record<string, Release>>): PackageIndex {
  const json: Record<string, unknown> = {};
  for (const [name, versions] of Object.entries(projects)) {
    json[name] = {
      versions: Object.fromEntries(Object.entries(versions).map(([v, r]) => [v, { requires_dist: r.requires ?? [], yanked: r.yanked ?? false, requires_python: r.python ?? null, sdist: true }])),
    };
  }
  return { source: 'test', projects: loadProjects(json).projects, environment: null, advisories: [] };
}

async function pictureOf(idx: PackageIndex, requirements: string[], extra: Partial<ResolveRequest> = {}) {
  const provider = new IndexProvider(idx);
  const request: ResolveRequest = { requirements: requirements.map((r) => parseRequirement(r)), ...extra };
  const result = await resolve(provider, request);
  if (result.ok) throw new Error('expected no solution');
  const explanation = await explainFailure(provider, request, result, { budgetMs: 2000, search: false });
  return conflictPicture(result.derivation, explanation);
}

function allowedVersions(picture: PackagePicture, allowed: readonly number[]): string[] {
  return allowed.map((i) => picture.versions[i]!);
}

describe('the conflict picture', () => {
  it('draws a transitive clash: the clashing package first, one band per requirement, nothing allowed by all', async () => {
    const picture = await pictureOf(
      index({
        black: { '22.1': { requires: ['click>=8.0'] }, '23.1': { requires: ['click>=8.0'] } },
        typer: { '0.3': { requires: ['click (<8.0, >= 7.1)'] }, '0.4': { requires: ['click<9,>=7.1'] } },
        click: { '7.0': {}, '7.1': {}, '8.0': {}, '8.1': {} },
      }),
      ['black>=22.1', 'typer<0.4'],
    );
    const click = picture.packages[0]!;
    expect(click.name).toBe('click');
    expect(click.clashing).toBe(true);
    expect(click.together).toEqual([]);
    const bands = click.groups.flatMap((g) => g.bands);
    // Canonical specifiers, whatever the metadata's spelling.
    expect(bands.map((b) => b.requirement).sort()).toEqual(['click<8.0,>=7.1', 'click>=8.0']);
    const fromTyper = bands.find((b) => b.requirer.key === 'typer')!;
    expect(allowedVersions(click, fromTyper.allowed)).toEqual(['7.1']);
    expect(fromTyper.chain).toEqual(['You require typer<0.4', 'typer 0.3 requires click<8.0,>=7.1']);
    expect(fromTyper.chainBands).toHaveLength(2);
    expect(fromTyper.chainBands[1]).toBe(fromTyper.id);
    // Your own requirements are pictured too: the versions of typer you leave out are visible.
    const typer = picture.packages.find((p) => p.key === 'typer')!;
    expect(typer.groups[0]!.requirer.you).toBe(true);
    expect(allowedVersions(typer, typer.together)).toEqual(['0.3']);
    expect(typer.segments.map(segmentLabel)).toEqual(['0.3', '0.4']);
  });

  it('draws a diamond: two of your requirements pull one package both ways', async () => {
    const picture = await pictureOf(
      index({
        app: { '1.0': { requires: ['left', 'right'] } },
        left: { '1.0': { requires: ['base<2'] } },
        right: { '1.0': { requires: ['base>=2'] } },
        base: { '1.0': {}, '1.5': {}, '2.0': {}, '3.0': {} },
      }),
      ['app'],
    );
    const base = picture.packages[0]!;
    expect(base.key).toBe('base');
    expect(base.together).toEqual([]);
    const chains = base.groups.flatMap((g) => g.bands.map((b) => b.chain.join(' → '))).sort();
    expect(chains).toEqual(['You require app → app 1.0 requires left → left 1.0 requires base<2', 'You require app → app 1.0 requires right → right 1.0 requires base>=2']);
    expect(base.segments.map(segmentLabel)).toEqual(['1.0 – 1.5', '2.0 – 3.0']);
  });

  it('draws Python as a package: the target against Requires-Python', async () => {
    const picture = await pictureOf(index({ modern: { '2.0': { python: '>=3.11' } } }), ['modern'], { target: makeTarget({ python: '3.9' }) });
    const python = picture.packages.find((p) => p.kind === 'python')!;
    expect(python.name).toBe('Python');
    expect(python.together).toEqual([]);
    const texts = python.groups.flatMap((g) => g.bands.map((b) => b.chain[b.chain.length - 1]));
    expect(texts).toContain('You install for Python 3.9.0');
    expect(texts).toContain('modern 2.0 requires Python >=3.11');
  });

  it('marks versions that cannot be used, and leaves them out of what all allow', async () => {
    const picture = await pictureOf(index({ lib: { '1.0': { yanked: 'broken' }, '2.0': {} } }), ['lib<2']);
    const lib = picture.packages.find((p) => p.key === 'lib')!;
    expect(lib.unusable.map((u) => u.reason)).toContain('yanked');
    expect(lib.together).toEqual([]);
  });

  it('names a project missing from the index', async () => {
    const picture = await pictureOf(index({ real: { '1.0': { requires: ['ghost>=1'] } } }), ['real']);
    const ghost = picture.packages.find((p) => p.key === 'ghost');
    expect(ghost?.notFound).toBe(true);
    expect(ghost?.versions).toEqual([]);
  });
});

describe('the axis', () => {
  it('cuts 200 versions into the few spans the requirements tell apart', () => {
    const versions = Array.from({ length: 200 }, (_, i) => `1.${i}`);
    const below = Array.from({ length: 50 }, (_, i) => i);
    const above = Array.from({ length: 100 }, (_, i) => 100 + i);
    const segments = segmentsOf(versions, [below, above]);
    expect(segments.map(segmentLabel)).toEqual(['1.0 – 1.49', '1.50 – 1.99', '1.100 – 1.199']);
    expect(segments.map((s) => s.count)).toEqual([50, 50, 100]);
    expect(barRuns(segments, above)).toEqual([{ start: 2, end: 2 }]);
    expect(barRuns(segments, [...below, ...above])).toEqual([
      { start: 0, end: 0 },
      { start: 2, end: 2 },
    ]);
    expect(segmentsOf([], [])).toEqual([]);
  });

  it('draws a long failing chain in time that grows with its length, not its square', async () => {
    // p0 -> p1 -> ... -> pN, and pN's dependency does not exist.
    const chain = (n: number) => index(Object.fromEntries(Array.from({ length: n }, (_, i) => [`p${i}`, { '1.0': { requires: [`p${i + 1}`] } }])));
    const timed = async (n: number) => {
      const idx = chain(n);
      const provider = new IndexProvider(idx);
      const request: ResolveRequest = { requirements: [parseRequirement('p0')] };
      const result = await resolve(provider, request);
      if (result.ok) throw new Error('expected no solution');
      const explanation = await explainFailure(provider, request, result, { budgetMs: 2000, search: false });
      let best = Infinity;
      for (let run = 0; run < 3; run++) {
        const started = performance.now();
        conflictPicture(result.derivation, explanation);
        best = Math.min(best, performance.now() - started);
      }
      return best;
    };
    const small = await timed(250);
    const large = await timed(2000);
    // Eight times the chain: about 8x the work when linear; it was about 64x (7.9 s at 2,000 in the page).
    expect(large / Math.max(small, 0.5)).toBeLessThan(24);
  }, 60_000);
});
