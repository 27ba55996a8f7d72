/**
 * PEP 592: a yanked release is used only when an exact pin (`==` without `.*`, or `===`)
 * matches it and no release that is not yanked, counting every release the pin matches
 * (local versions included). The cases follow pip's and Poetry's own tests:
 *  - pip tests/functional/test_install.py::test_install_yanked_file_and_print_warning
 *    (`simple==3.0` installs the yanked 3.0 of the "yanked" index: 1.0, 2.0, 3.0 yanked);
 *  - pip's factory (`_iter_found_candidates`): yanked candidates are skipped unless all
 *    applicable candidates are yanked and the specifier is pinned;
 *  - Poetry tests/repositories/test_repository.py::test_find_packages_yanked (black 19.10b0
 *    and yanked 21.11b0: `*`, `>=19.0a0` -> 19.10b0; `>=20.0a0`, `>=21.11b0` -> none;
 *    `==21.11b0` -> 21.11b0).
 */
import { describe, expect, it } from 'vitest';
import { explainFailure, IndexProvider, parseRequirement, POLICIES, resolve, type Policy } from '../../../src/core/index.ts';
import { makeIndex } from './support.ts';

async function pick(index: ReturnType<typeof makeIndex>, requirements: string[], policy: Policy, pre = false): Promise<Record<string, string> | null> {
  const result = await resolve(new IndexProvider(index), { requirements: requirements.map((r) => parseRequirement(r)), policy, prereleases: pre });
  return result.ok ? Object.fromEntries(result.packages.map((p) => [p.key, p.version])) : null;
}

const PIP_YANKED = makeIndex({ simple: { '1.0': {}, '2.0': {}, '3.0': { yanked: 'test reason message' } } });
const POETRY_BLACK = makeIndex({ black: { '19.10b0': {}, '21.11b0': { yanked: 'reason' } } });
const LOCAL = makeIndex({
  a: { '1.0': { yanked: 'broken' }, '1.0+local': {} },
  b: { '1.0': { yanked: 'broken' }, '1.0+local': { yanked: 'broken too' } },
});

describe.each(POLICIES)('yanked releases under the %s policy', (policy) => {
  it('pip: simple==3.0 installs the yanked 3.0; simple and simple>=2 do not', async () => {
    expect(await pick(PIP_YANKED, ['simple==3.0'], policy)).toEqual({ simple: '3.0' });
    expect(await pick(PIP_YANKED, ['simple===3.0'], policy)).toEqual({ simple: '3.0' });
    expect(await pick(PIP_YANKED, ['simple'], policy)).toEqual({ simple: '2.0' });
    expect(await pick(PIP_YANKED, ['simple>=2'], policy)).toEqual({ simple: '2.0' });
    expect(await pick(PIP_YANKED, ['simple>2'], policy)).toBeNull();
    // A wildcard is a range, not a pin.
    expect(await pick(PIP_YANKED, ['simple==3.*'], policy)).toBeNull();
  });

  it.each([
    ['black', '19.10b0'],
    ['black>=19.0a0', '19.10b0'],
    ['black>=20.0a0', null],
    ['black>=21.11b0', null],
    ['black==21.11b0', '21.11b0'],
  ])('Poetry: %s -> %s', async (requirement, expected) => {
    const plan = await pick(POETRY_BLACK, [requirement], policy, true);
    expect(plan?.black ?? null).toBe(expected);
  });

  it('a pin that also matches a local version that is not yanked takes that one', async () => {
    expect(await pick(LOCAL, ['a==1.0'], policy)).toEqual({ a: '1.0+local' });
  });

  it('a pin whose every match is yanked takes the highest of them', async () => {
    expect(await pick(LOCAL, ['b==1.0'], policy)).toEqual({ b: '1.0+local' });
    expect(await pick(LOCAL, ['b===1.0'], policy)).toEqual({ b: '1.0' });
  });

  it('a yanked release nobody pins is a cause in the explanation, with its reason', async () => {
    const provider = new IndexProvider(PIP_YANKED);
    const request = { requirements: [parseRequirement('simple>2')], policy };
    const result = await resolve(provider, request);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const explanation = await explainFailure(provider, request, result, { budgetMs: 5000 });
    expect(explanation.voices.pubgrub).toContain('simple 3.0 was yanked (reason: "test reason message")');
    expect(explanation.voices.pip).toContain('ERROR: Ignored the following yanked versions: 3.0');
    expect(explanation.suggestions.map((s) => s.title)).toContain('Pin the yanked release on purpose: change simple>2 to simple==3.0');
  });
});

describe('pins met along the way', () => {
  const index = makeIndex({ app: { '1.0': { requires: ['lib==2.0'] } }, lib: { '1.0': {}, '2.0': { yanked: '' } } });
  it('pip honours a transitive pin; uv only your own', async () => {
    expect(await pick(index, ['app'], 'pip')).toEqual({ app: '1.0', lib: '2.0' });
    expect(await pick(index, ['app'], 'uv')).toBeNull();
    expect(await pick(index, ['app', 'lib==2.0'], 'uv')).toEqual({ app: '1.0', lib: '2.0' });
  });
});
