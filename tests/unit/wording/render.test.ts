import { beforeAll, describe, expect, it } from 'vitest';
import {
  BASE_VARIANT,
  emptyVariant,
  gridToMarkdown,
  messageKind,
  MAX_MESSAGE_CHARS,
  renderFindings,
  renderMessage,
  renderSuite,
  templateProblems,
  renderVoices,
  withTemplate,
  type Findings,
  type WordingVariant,
} from '../../../src/core/index.ts';
import { BUNDLED_FAILURES, bundledFindings } from './fixtures.ts';

const findings = new Map<string, Findings>();

beforeAll(async () => {
  for (const id of BUNDLED_FAILURES) findings.set(id, await bundledFindings(id));
});

/** A variant that overrides templates none of these scenarios use, and some with their own text. */
function untouched(): WordingVariant {
  let v = emptyVariant('same', 'Same');
  v = withTemplate(v, 'pip', 'warning.invalid', 'W: {message}');
  v = withTemplate(v, 'plain', 'summary.metadata', 'Bad metadata for {name} {versions}: {message}.');
  return v;
}

describe('rendering with a variant', () => {
  it('equals the base wording where nothing used is overridden, in every voice', () => {
    for (const [id, f] of findings) {
      const base = renderVoices(f);
      const rendered = renderFindings(f, untouched());
      for (const voice of ['pubgrub', 'pip', 'plain'] as const) expect(rendered.voices[voice].text, `${id} ${voice}`).toBe(base[voice]);
      expect(renderFindings(f, BASE_VARIANT).voices.pip.text).toBe(base.pip);
    }
  });

  it('changes exactly the overridden sentence', () => {
    const f = findings.get('transitive-clash')!;
    const variant = withTemplate(emptyVariant('v', 'V'), 'pip', 'conflict.caused', 'Here is why:');
    const base = renderVoices(f).pip;
    const text = renderFindings(f, variant).voices.pip.text;
    expect(text).toBe(base.replace('The conflict is caused by:', 'Here is why:'));
  });

  it('gives every template the stable kind of the message', () => {
    const kinds = Object.fromEntries([...findings].map(([id, f]) => [id, messageKind(f)]));
    expect(kinds).toEqual({
      'direct-clash': 'resolution-impossible',
      'transitive-clash': 'resolution-impossible',
      'requires-python': 'requires-python',
      yanked: 'yanked',
      prerelease: 'prerelease-only',
      'no-wheel': 'no-wheel',
      misspelt: 'not-found',
    });
    const variant = withTemplate(emptyVariant('v', 'V'), 'pip', 'level.normal', 'error: {kind}\n\n{message}');
    expect(renderFindings(findings.get('yanked')!, variant).voices.pip.text).toMatch(/^error: yanked\n\nERROR: /);
  });

  it('has three levels per voice: brief is shorter than normal, full adds the proof', () => {
    for (const [id, f] of findings) {
      for (const voice of ['pip', 'plain'] as const) {
        const brief = renderFindings(f, BASE_VARIANT, 'brief').voices[voice].text;
        const normal = renderFindings(f, BASE_VARIANT, 'normal').voices[voice].text;
        const full = renderFindings(f, BASE_VARIANT, 'full').voices[voice].text;
        expect(brief.length, `${id} ${voice}`).toBeLessThan(normal.length);
        expect(full.startsWith(normal)).toBe(true);
        expect(full).toContain(renderVoices(f).pubgrub.split('\n')[0]);
      }
    }
  });

  it('puts hints on lines of their own', () => {
    const f = findings.get('direct-clash')!;
    expect(f.suggestions.length).toBeGreaterThan(0);
    const full = renderFindings(f, BASE_VARIANT, 'full').voices.pubgrub.text.split('\n');
    expect(full.filter((l) => l.startsWith('Hint: '))).toEqual(f.suggestions.map((s) => `Hint: ${s.title}`));
  });

  it('records which templates a message used', () => {
    const rendered = renderFindings(findings.get('misspelt')!, BASE_VARIANT);
    expect(rendered.voices.pip.used).toEqual(expect.arrayContaining(['level.normal', 'notfound.line', 'nomatch.line', 'hint.close']));
    expect(rendered.voices.pip.used).not.toContain('conflict.head');
    expect(rendered.voices.pip.text).not.toMatch(/[\uE000-\uF8FF]/u);
  });

  it('uses only the templates a variant has of its own, never inherited ones', () => {
    const f = findings.get('yanked')!;
    const inherited: WordingVariant = { ...emptyVariant('i', 'I'), templates: { pip: Object.create({ 'level.normal': 'pwned {message}' }) as Record<string, string> } };
    expect(renderFindings(f, inherited).voices.pip.text).toBe(renderVoices(f).pip);
  });

  it('reports a template that cannot be filled as an error of that message, not a crash', () => {
    // A variant that skipped the checks (say, from an old store): a slot the renderer does not give.
    const broken: WordingVariant = { ...emptyVariant('b', 'B'), templates: { plain: { 'summary.notfound': 'No {project}.' } } };
    const rendered = renderFindings(findings.get('misspelt')!, broken);
    expect(rendered.voices.plain.error).toMatch(/no value for \{project\}/);
    // The other voices do not use that template, so they are still said.
    expect(rendered.voices.pip).toMatchObject({ error: null, text: renderVoices(findings.get('misspelt')!).pip });
  });
});

describe('rendering wording from anyone', () => {
  /** Templates that repeat a slot whose value repeats a slot: 8.5 KB that once made a 248-million-character message. */
  function multiplying(): WordingVariant {
    let v = emptyVariant('blow', 'Blow');
    v = withTemplate(v, 'pubgrub', 'dependency', '{subject}'.repeat(444));
    v = withTemplate(v, 'pubgrub', 'pair', '{a}'.repeat(1333));
    v = withTemplate(v, 'pubgrub', 'line.because', '{cause}'.repeat(60));
    return v;
  }

  it('stops a message that would grow past the limit, quickly, with an error for that message', () => {
    const started = performance.now();
    for (const [id, f] of findings) {
      const rendered = renderFindings(f, multiplying(), 'full');
      const pubgrub = rendered.voices.pubgrub;
      if (pubgrub.error === null) {
        expect(pubgrub.text.length, id).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
        continue;
      }
      expect(pubgrub).toMatchObject({ text: '', error: expect.stringMatching(new RegExp(`^template "[a-z.]+": the (text would be longer than ${MAX_MESSAGE_CHARS}|message would take more than \\d+) characters`)) });
    }
    expect(renderFindings(findings.get('transitive-clash')!, multiplying()).voices.pubgrub.error).toMatch(/longer than 65536 characters/);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('makes only the voice asked for', () => {
    const f = findings.get('transitive-clash')!;
    const started = performance.now();
    for (let i = 0; i < 20; i++) expect(renderMessage(f, multiplying(), 'pip')).toEqual({ text: renderVoices(f).pip, used: [], error: null });
    // The pip voice at full verbosity holds the proof, so there the pubgrub voice is made, and fails.
    expect(renderMessage(f, multiplying(), 'pip', 'full').error).toMatch(/longer than/);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('takes spaces off the ends of lines in time linear in the message', () => {
    const f = findings.get('direct-clash')!;
    const spaces = ' '.repeat(60_000);
    const long = { ...f, suggestions: [{ ...f.suggestions[0]!, title: `${spaces}x${spaces.slice(0, 2000)}` }] };
    const started = performance.now();
    const text = renderFindings(long, BASE_VARIANT, 'full').voices.pubgrub.text;
    expect(performance.now() - started).toBeLessThan(500);
    expect(text.split('\n')).toContain(`Hint: ${spaces}x`);
  });

  it('keeps private-use characters of a template (icon fonts), and still knows which templates were used', () => {
    const f = findings.get('transitive-clash')!;
    const variant = withTemplate(emptyVariant('icons', 'Icons'), 'pip', 'conflict.caused', '\uE0B0 \uF8FF The conflict is caused by: \uE000');
    const rendered = renderFindings(f, variant).voices.pip;
    expect(rendered.text).toContain('\uE0B0 \uF8FF The conflict is caused by: \uE000');
    expect(rendered.used).toContain('conflict.caused');
  });

  it('refuses in a template the noncharacters it marks templates with', () => {
    expect(templateProblems('pip', 'conflict.caused', 'Because \uFDD0:')).toEqual({ usable: false, issues: [expect.objectContaining({ severity: 'error', message: expect.stringMatching(/holds U\+FDD0 at character 9, a Unicode noncharacter/) })] });
  });
});

describe('a suite grid', () => {
  it('has one cell per variant, measures, and the templates never used', () => {
    const entries = [...findings].map(([id, f]) => ({ id, title: id, source: 'bundled', findings: f, pip: id === 'yanked' ? 'ERROR: recorded' : null }));
    const shorter = withTemplate(emptyVariant('short', 'Short'), 'plain', 'fix.head', 'Fixes:');
    const grid = renderSuite(entries, [BASE_VARIANT, shorter], { voice: 'plain' });
    expect(grid.rows).toHaveLength(BUNDLED_FAILURES.length);
    for (const row of grid.rows) {
      expect(row.cells).toHaveLength(2);
      if (row.cells[0]!.text.includes('What you can do')) expect(row.cells[1]!.measures.words).toBeLessThan(row.cells[0]!.measures.words);
    }
    expect(grid.rows.find((r) => r.id === 'yanked')!.pipMeasures!.lines).toBe(1);
    expect(grid.pipSummary!.messages).toBe(1);
    const unused = grid.usage.filter((u) => u.scenarios.length === 0).map((u) => u.key);
    expect(unused).toContain('summary.metadata');
    expect(unused).not.toContain('fix.head');
    expect(grid.usage.find((u) => u.key === 'summary.notfound')!.scenarios).toEqual(['misspelt']);
    const clash = grid.rows.find((r) => r.id === 'direct-clash')!;
    expect(clash.clashing.length).toBe(2);
    expect(clash.cells[0]!.measures.namesClash).toBe(true);
  });

  it("keeps a scenario's title and source on their lines in Markdown, whatever a suite file put in them", () => {
    const [id, f] = [...findings][0]!;
    const grid = renderSuite([{ id, title: 'Two\n| injected | row |\n\n# Heading <!--', source: 'a`b\nc', findings: f, pip: null }], [BASE_VARIANT], { voice: 'plain' });
    const markdown = gridToMarkdown(grid);
    expect(markdown).toContain('## Two | injected | row | # Heading <!--\n');
    expect(markdown).toContain("Source: `a'b c`.");
    expect(markdown).not.toMatch(/^# Heading/m);
  });
});
