// A study condition's wording variant and verbosity, applied by the worker to the explanation of
// a failed resolve: the variant's words in every voice, brief and full levels from the lab's
// level templates, and Pipette's own words untouched when the condition names neither.
import { describe, expect, it } from 'vitest';
import { loadSnapshot, makeTarget, type WordingVariant } from '../../../src/core/index.ts';
import { RunProgressRelay } from '../../../src/worker/progress-relay.ts';
import { requestFor, resolveWithSnapshot, type ResolveJob } from '../../../src/worker/resolve-job.ts';

const LOADED = loadSnapshot({
  format: 'index-snapshot/1',
  source: 'test',
  projects: {
    web: { versions: { '1.0': { requires_dist: ['click<8'] } } },
    cli: { versions: { '2.0': { requires_dist: ['click>=8'] } } },
    click: { versions: { '7.1': {}, '8.1': {} } },
  },
});

const VARIANT: WordingVariant = {
  format: 'pipette-wording/1',
  id: 'study-words',
  name: 'Study words',
  language: 'en',
  description: 'Marks every voice so a test can see it.',
  templates: {
    pip: { 'conflict.head': 'ERROR (study wording): Cannot install {list}.' },
    plain: { 'level.normal': 'STUDY PLAIN\n{message}' },
  },
};

async function voices(extra: Partial<ResolveJob>) {
  const job: ResolveJob = { index: { kind: 'snapshot', id: 'test' }, requirements: 'web\ncli\n', format: 'requirements', target: makeTarget({ python: '3.12' }), policy: 'pip', prereleases: false, explainBudgetMs: 2000, ...extra };
  const built = requestFor(job);
  if ('problems' in built) throw new Error(built.problems[0]!.message);
  const outcome = await resolveWithSnapshot(LOADED, built.request, job, new RunProgressRelay(() => {}, 0));
  if (outcome.kind !== 'failed' || !outcome.explanation) throw new Error(`expected a failure with an explanation, got ${outcome.kind}`);
  return outcome.explanation.voices;
}

describe('a study condition’s wording and verbosity', () => {
  it('leaves Pipette’s own words alone with neither', async () => {
    const own = await voices({});
    expect(own.pip).toContain('ERROR: Cannot install');
    expect(own.pip).not.toContain('study wording');
  });

  it('shows every voice in the condition’s variant', async () => {
    const own = await voices({});
    const varied = await voices({ variant: VARIANT });
    expect(varied.pip).toContain('ERROR (study wording): Cannot install');
    expect(varied.plain.startsWith('STUDY PLAIN\n')).toBe(true);
    expect(varied.pubgrub).toBe(own.pubgrub);
  });

  it('brief keeps the first paragraph, full adds the reasoning, in the base words when no variant is named', async () => {
    const normal = await voices({});
    const brief = await voices({ verbosity: 'brief' });
    const full = await voices({ verbosity: 'full' });
    expect(brief.pip).toBe(normal.pip.split('\n\n')[0]);
    expect(brief.pip.length).toBeLessThan(normal.pip.length);
    expect(full.pip.startsWith(normal.pip)).toBe(true);
    expect(full.pip).toContain('The full reasoning:');
  });

  it('applies the variant and the level together', async () => {
    const brief = await voices({ variant: VARIANT, verbosity: 'brief' });
    expect(brief.pip).toBe('ERROR (study wording): Cannot install web and cli.');
  });
});
