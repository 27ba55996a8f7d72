/** Statuses and advisory policies, in the plan and in each voice. */
import { describe, expect, it } from 'vitest';
import {
  AdvisoryIndex,
  BlockingProvider,
  explainFailure,
  IndexProvider,
  newlyAffected,
  parseRequirement,
  resolve,
  resolveWithAdvisories,
  statusNotes,
  VOICES,
  WhatIfProvider,
  type ResolveRequest,
} from '../../../src/core/index.ts';
import { makeIndex, osv } from './support.ts';

const request = (...texts: string[]): ResolveRequest => ({ requirements: texts.map((t) => parseRequirement(t)) });

const LIB = makeIndex({
  app: { '1.0': { requires: ['lib>=1.0'] } },
  lib: { '1.0': {}, '1.1': {}, '2.0': {} },
  old: { '1.0': {}, '1.1': {} },
});
const ADVISORIES = new AdvisoryIndex([
  osv('ADV-1', 'lib', '2.0', { aliases: ['CVE-2024-0001'], summary: 'lib lets anyone in' }),
  osv('ADV-2', 'lib', '2.0', { introduced: '1.1' }),
  osv('ADV-3', 'old', null),
]);

describe('warn (the default)', () => {
  it('resolves as usual and names each affected package with id, summary, aliases, fix and chain', async () => {
    const t = await resolveWithAdvisories(new IndexProvider(LIB), request('app', 'lib<2'), { advisories: ADVISORIES, policy: 'warn' });
    expect(t.result.ok).toBe(true);
    const lib = t.audit!.packages.find((p) => p.key === 'lib')!;
    expect(lib.version).toBe('1.1');
    expect(lib.advisories.map((a) => [a.id, a.summary, a.aliases, a.fixed])).toEqual([
      ['ADV-1', 'lib lets anyone in', ['CVE-2024-0001'], ['2.0']],
      ['ADV-2', 'lib has a hole', [], ['2.0']],
    ]);
    expect(lib.fixedIn).toBe('2.0');
    expect(lib.chains).toEqual([['you require lib<2'], ['you require app', 'app 1.0 requires lib>=1.0']]);
    expect(t.audit!.affected).toBe(1);
  });

  it('an ignored advisory is kept apart with its reason, and matched by alias too', async () => {
    const t = await resolveWithAdvisories(new IndexProvider(LIB), request('lib<2'), {
      advisories: ADVISORIES,
      policy: 'warn',
      ignore: [{ id: 'cve-2024-0001', reason: 'we never expose lib to the network' }],
    });
    const lib = t.audit!.packages[0]!;
    expect(lib.advisories.map((a) => a.id)).toEqual(['ADV-2']);
    expect(lib.ignored).toEqual([{ advisory: expect.objectContaining({ id: 'ADV-1' }), reason: 'we never expose lib to the network' }]);
    expect(t.audit!.ignored).toBe(1);
  });
});

describe('block', () => {
  it('an affected release is a cause in the derivation tree, in every voice, with a fix checked by resolving', async () => {
    const t = await resolveWithAdvisories(new IndexProvider(LIB), request('app', 'lib<2'), { advisories: ADVISORIES, policy: 'block' });
    expect(t.result.ok).toBe(false);
    if (t.result.ok) return;
    const node = t.result.derivation.nodes.find((n) => n.cause.kind === 'unavailable' && n.cause.reason.kind === 'advisory');
    expect(node).toBeDefined();
    const explanation = await explainFailure(t.provider, request('app', 'lib<2'), t.result, { budgetMs: 10_000 });
    expect(explanation.causes).toContainEqual({ kind: 'advisory', package: 'lib', versions: ['1.0', '1.1'], advisories: ['ADV-1', 'ADV-2'], fixed: ['2.0'] });
    expect(explanation.voices.pubgrub).toContain('lib 1.0 and 1.1 are affected by ADV-1, ADV-2, and your advisory policy blocks them (fixed in 2.0)');
    expect(explanation.voices.plain).toContain('The versions of lib that fit (1.0 and 1.1) are affected by known security advisories (ADV-1, ADV-2), and your policy blocks affected releases.');
    expect(explanation.voices.pip).toContain('ERROR: Ignored the following versions with known security advisories (--policy block): 1.0, 1.1');
    for (const voice of VOICES) expect(explanation.voices[voice]).toMatch(/ADV-1|advisories/);
    const fix = explanation.suggestions.find((s) => s.kind === 'advisory');
    expect(fix?.title).toBe('Require a fixed release: change lib<2 to lib>=2.0');
    expect(fix?.plan).toEqual({ app: '1.0', lib: '2.0' });
    expect(explanation.voices.plain).toContain('Require a fixed release: change lib<2 to lib>=2.0');
  });

  it('picks an unaffected release when there is one, and succeeds', async () => {
    const t = await resolveWithAdvisories(new IndexProvider(LIB), request('app'), { advisories: ADVISORIES, policy: 'block' });
    expect(t.result.ok && t.result.packages.map((p) => `${p.key} ${p.version}`)).toEqual(['app 1.0', 'lib 2.0']);
    expect(t.audit!.affected).toBe(0);
  });

  it('ignoring the advisories that block lets the plan through', async () => {
    const ignore = [{ id: 'ADV-1', reason: 'not reachable' }, { id: 'ADV-2', reason: 'not reachable' }];
    const t = await resolveWithAdvisories(new IndexProvider(LIB), request('lib<2'), { advisories: ADVISORIES, policy: 'block', ignore });
    expect(t.result.ok).toBe(true);
  });
});

describe('avoid', () => {
  it('prefers releases with no known advisory, shows the change, and what stays affected and why', async () => {
    const t = await resolveWithAdvisories(new IndexProvider(LIB), request('lib<2', 'old'), { advisories: ADVISORIES, policy: 'avoid' });
    expect(t.result.ok).toBe(true);
    // lib<2: 1.0 has ADV-1 only, 1.1 has ADV-1 and ADV-2, so both stay affected; old has no release without ADV-3.
    expect(t.warnPlan!.packages.map((p) => `${p.key} ${p.version}`)).toEqual(['lib 1.1', 'old 1.1']);
    expect(t.staysAffected.map((s) => s.package).sort()).toEqual(['lib', 'old']);
    const old = t.staysAffected.find((s) => s.package === 'old')!;
    expect(old.advisories).toEqual(['ADV-3']);
    expect(old.why).toContain('every version of old is affected by ADV-3, and your advisory policy blocks it');
  });

  it('changes the plan where an unaffected release fits', async () => {
    const index = makeIndex({ web: { '1.0': {}, '1.1': {}, '1.2': {} } });
    const advisories = new AdvisoryIndex([osv('W-1', 'web', '1.2', { introduced: '1.1' })]);
    const t = await resolveWithAdvisories(new IndexProvider(index), request('web<1.2'), { advisories, policy: 'avoid' });
    expect(t.result.ok && t.result.packages[0]!.version).toBe('1.0');
    expect(t.diff).toEqual({ added: [], removed: [], changed: [{ name: 'web', from: '1.1', to: '1.0' }] });
    expect(t.staysAffected).toEqual([]);
  });
});

describe('PEP 792 statuses', () => {
  const index = makeIndex({
    app: { '1.0': { requires: ['evil', 'tired', 'dusty'] } },
    evil: { status: 'quarantined', reason: 'malware reported', versions: { '1.0': {} } },
    tired: { status: 'deprecated', reason: 'use fresh instead', versions: { '1.0': {} } },
    dusty: { status: 'archived', versions: { '1.0': {} } },
  });

  it('quarantined is a cause of its own, in every voice', async () => {
    const provider = new IndexProvider(index);
    const req = request('app');
    const result = await resolve(provider, req);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const explanation = await explainFailure(provider, req, result, { budgetMs: 5000 });
    expect(explanation.causes).toContainEqual({ kind: 'quarantined', package: 'evil', reason: 'malware reported' });
    for (const voice of VOICES) expect(explanation.voices[voice]).toContain('evil is quarantined by the index: its files are not offered ("malware reported")');
    expect(explanation.facts.nodes.find((n) => n.id === 'evil')?.problems.join(' ')).toContain('quarantined');
  });

  it('a quarantined project whose page lists no file (as a live index serves it) is still named as quarantined', async () => {
    const live = makeIndex({ app: { '1.0': { requires: ['evil>=1'] } }, evil: { status: 'quarantined', versions: {} } });
    const provider = new IndexProvider(live);
    for (const req of [request('app'), request('evil')]) {
      const result = await resolve(provider, req);
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      const explanation = await explainFailure(provider, req, result, { budgetMs: 5000 });
      expect(explanation.causes).toContainEqual({ kind: 'quarantined', package: 'evil', reason: null });
      for (const voice of VOICES) expect(explanation.voices[voice]).toContain('evil is quarantined by the index: its files are not offered');
    }
  });

  it('archived and deprecated are warnings beside the plan, with the reason', async () => {
    const provider = new IndexProvider(index);
    const result = await resolve(provider, request('tired', 'dusty'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect((await statusNotes(provider, result)).map((n) => n.text)).toEqual([
      'dusty is archived by its maintainers: it will get no more updates',
      'tired is deprecated by its maintainers ("use fresh instead")',
    ]);
  });
});

describe('the watch list', () => {
  it('names the packages of a saved plan that refreshed advisories newly affect', async () => {
    const result = await resolve(new IndexProvider(LIB), request('app', 'old'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const before = new AdvisoryIndex([osv('ADV-3', 'old', null)]);
    const after = new AdvisoryIndex([osv('ADV-3', 'old', null), osv('ADV-9', 'lib', '3.0')]);
    expect(newlyAffected(result, before, before)).toEqual([]);
    expect(newlyAffected(result, before, after).map((p) => `${p.name} ${p.version}`)).toEqual(['lib 2.0']);
    // An advisory you ignore in that scenario does not count.
    expect(newlyAffected(result, before, after, [{ id: 'ADV-9', reason: 'not used' }])).toEqual([]);
  });
});

describe('the blocking layer over a provider', () => {
  it('passes on the published lines (its metadata is the index’s), while a layer that edits metadata does not', () => {
    const inner = new IndexProvider(LIB);
    const blocking = new BlockingProvider(inner, ADVISORIES);
    expect(blocking.peekRequiresDist('app', 0)).toEqual(inner.peekRequiresDist('app', 0));
    expect(blocking.peekRequiresDist('app', 0)).toEqual(['lib>=1.0']);
    const edited = new WhatIfProvider(inner, { project: 'app', version: '1.0', requiresDist: ['lib<1.1'] });
    expect('peekRequiresDist' in edited).toBe(false);
  });
});
