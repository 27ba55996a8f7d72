import { describe, expect, it } from 'vitest';
import {
  baseTemplates,
  checkWordingVariant,
  MAX_TEMPLATE_CHARS,
  parseWordingFile,
  PIP,
  PLAIN,
  PUBGRUB,
  serializeWordingVariant,
  templateProblems,
  VOICES,
  withTemplate,
  emptyVariant,
  WORDING_FORMAT,
} from '../../../src/core/index.ts';

const valid = {
  format: WORDING_FORMAT,
  id: 'short-pip',
  name: 'Shorter pip',
  language: 'en-GB',
  description: 'Fewer words.',
  templates: { pip: { 'conflict.caused': 'Because:' }, plain: { 'summary.notfound': 'No project is called {name} here.' } },
};

describe('the base wording', () => {
  it('is discovered from the explain tables: every key of every voice, plus the level templates', () => {
    for (const [voice, table] of [['pubgrub', PUBGRUB], ['pip', PIP], ['plain', PLAIN]] as const) {
      const keys = [...baseTemplates(voice).keys()];
      for (const key of Object.keys(table)) expect(keys).toContain(key);
      expect(keys).toEqual(expect.arrayContaining(['level.brief', 'level.normal', 'level.full', 'hint.line']));
    }
  });

  it('lists the slots each template may use: its own and {kind}', () => {
    const head = baseTemplates('pip').get('conflict.head')!;
    expect(head.slots).toEqual(['list']);
    expect(head.allowed).toEqual(['list', 'kind']);
    expect(baseTemplates('plain').get('level.full')!.allowed).toEqual(expect.arrayContaining(['message', 'summary', 'proof', 'hints', 'kind']));
  });
});

describe('checking a variant', () => {
  it('accepts a good variant unchanged, with no issue', () => {
    const { variant, issues } = checkWordingVariant(valid);
    expect(issues).toEqual([]);
    expect(variant).toEqual(valid);
  });

  it('refuses what is not a variant, saying why, without throwing', () => {
    expect(parseWordingFile('{"format": "pipette-wording/1",').issues[0]!.message).toMatch(/not valid JSON/);
    expect(checkWordingVariant([]).issues[0]!.message).toMatch(/expected a wording variant/);
    expect(checkWordingVariant({ ...valid, format: 'pipette-wording/2' }).issues[0]).toMatchObject({ path: 'format', message: expect.stringMatching(/does not read/) });
    expect(checkWordingVariant({ ...valid, format: 'pipette-scenario/1' }).variant).toBeNull();
  });

  it('names a bad envelope field', () => {
    const bad = checkWordingVariant({ ...valid, id: 'Short Pip', language: 'english!' });
    expect(bad.variant).toBeNull();
    expect(bad.issues.map((i) => i.path)).toEqual(['id', 'language']);
  });

  it('drops an unknown key with an error at that key, keeping the rest', () => {
    const { variant, issues } = checkWordingVariant({ ...valid, templates: { pip: { 'conflict.caused': 'Because:', 'conflict.nope': 'x' } } });
    expect(variant!.templates.pip).toEqual({ 'conflict.caused': 'Because:' });
    expect(issues).toEqual([expect.objectContaining({ severity: 'error', path: 'templates.pip.conflict.nope', voice: 'pip', key: 'conflict.nope' })]);
  });

  it('refuses an unknown voice', () => {
    const { issues } = checkWordingVariant({ ...valid, templates: { uv: {} } });
    expect(issues[0]).toMatchObject({ severity: 'error', path: 'templates.uv' });
  });

  it('is an error at the key for an unknown slot or a stray brace, and says which slots may be used', () => {
    const { variant, issues } = checkWordingVariant({ ...valid, templates: { pip: { 'conflict.head': 'Cannot install {packages}.', 'conflict.caused': 'Caused by: {' } } });
    // Nothing of the voice is left to override: it is the base voice, not a voice with no templates.
    expect(variant!.templates).toEqual({});
    expect(issues[0]).toMatchObject({ severity: 'error', key: 'conflict.head', message: expect.stringContaining('unknown slot {packages}; this template may use {list}, {kind}') });
    expect(issues[1]).toMatchObject({ severity: 'error', key: 'conflict.caused', message: expect.stringContaining('stray "{"') });
  });

  it('warns, and keeps the template, when it drops a slot the base uses', () => {
    const { variant, issues } = checkWordingVariant({ ...valid, templates: { pip: { 'conflict.head': 'ERROR: these cannot be installed together ({kind}).' } } });
    expect(variant!.templates.pip!['conflict.head']).toBe('ERROR: these cannot be installed together ({kind}).');
    expect(issues).toEqual([expect.objectContaining({ severity: 'warning', key: 'conflict.head', message: expect.stringContaining('{list}') })]);
  });

  it('limits sizes: a template too long, a file too large', () => {
    const long = 'x'.repeat(MAX_TEMPLATE_CHARS + 1);
    const { variant, issues } = checkWordingVariant({ ...valid, templates: { plain: { 'fix.head': long } } });
    expect(variant!.templates.plain).toBeUndefined();
    expect(issues[0]!.message).toMatch(/at most 4000/);
    expect(parseWordingFile(' '.repeat(1024 * 1024 + 1)).issues[0]!.message).toMatch(/over the limit/);
    expect(checkWordingVariant({ ...valid, name: 'n'.repeat(500) }).issues[0]).toMatchObject({ path: 'name' });
  });

  it('says a missing field is missing', () => {
    const { id: _id, ...noId } = valid;
    expect(checkWordingVariant({ id: 'x' }).issues[0]).toMatchObject({ path: 'format', message: 'expected "pipette-wording/1", found nothing (the field is missing)' });
    expect(checkWordingVariant(noId).issues[0]).toMatchObject({ path: 'id', message: 'expected a string, found nothing (the field is missing)' });
  });

  it('reads a file that starts with a byte-order mark', () => {
    expect(parseWordingFile(`\uFEFF${serializeWordingVariant(valid as never)}`).variant).toEqual(valid);
  });

  it.each([
    ['name', 'Shorter\n## Injected heading'],
    ['name', 'Shorter\r\n| injected | row |'],
    ['name', 'Tab\there'],
    ['name', 'Line\u2028separator'],
    ['name', 'Escape \u001b[2J'],
    ['description', 'Bell \u0007'],
  ])('refuses a line break or a control character in %s (%j)', (field, text) => {
    const { variant, issues } = checkWordingVariant({ ...valid, [field]: text });
    expect(variant).toBeNull();
    expect(issues).toEqual([expect.objectContaining({ severity: 'error', path: field, message: expect.stringMatching(/control character.*\(U\+[0-9A-F]{4} at character \d+\)/) })]);
  });

  it('keeps lines and tabs in a description', () => {
    const description = 'Fewer words.\r\n\tSecond line.\nThird.';
    expect(checkWordingVariant({ ...valid, description }).variant!.description).toBe(description);
  });

  it('is not fooled by non-string templates', () => {
    const { issues } = checkWordingVariant({ ...valid, templates: { pip: { 'conflict.head': 42 } } });
    expect(issues[0]).toMatchObject({ severity: 'error', message: expect.stringMatching(/found number 42/) });
  });

  it('checks one template while typing', () => {
    expect(templateProblems('plain', 'summary.notfound', 'No {name}.').issues).toEqual([]);
    expect(templateProblems('plain', 'summary.notfound', 'No {nam}.').usable).toBe(false);
  });

  it('round-trips through its file form', () => {
    const text = serializeWordingVariant(valid as never);
    expect(parseWordingFile(text).variant).toEqual(valid);
  });

  it('takes a template back to the base when set to the base text', () => {
    let v = withTemplate(emptyVariant('x', 'X'), 'pip', 'conflict.caused', 'Because:');
    expect(v.templates.pip).toEqual({ 'conflict.caused': 'Because:' });
    v = withTemplate(v, 'pip', 'conflict.caused', PIP['conflict.caused']!);
    // Its last template taken back, the voice is the base one again, and the variant is as it was.
    expect(v.templates).toEqual({});
    expect(serializeWordingVariant(v)).toBe(serializeWordingVariant(emptyVariant('x', 'X')));
    expect(VOICES.length).toBe(3);
  });
});

describe('level templates', () => {
  it('may use any level slot, and are warned about only when they say nothing of the failure', () => {
    expect(templateProblems('pip', 'level.normal', 'error: {kind}\n{headline}\n{hints}').issues).toEqual([]);
    expect(templateProblems('pip', 'level.normal', 'error: {kind}\n{hints}').issues[0]).toMatchObject({ severity: 'warning', message: expect.stringMatching(/would not say what failed/) });
    expect(templateProblems('pip', 'hint.line', '{hint} ({kind})').issues).toEqual([]);
    expect(templateProblems('pip', 'hint.line', '{hints}').usable).toBe(false);
  });
});
