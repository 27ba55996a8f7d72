import gettextParser from 'gettext-parser';
import { describe, expect, it } from 'vitest';
import { baseTemplates, emptyVariant, parsePo, PIP, poCharset, variantFromPo, variantIdFrom, variantToPo, withTemplate, type WordingVariant } from '../../../src/core/index.ts';

function sample(): WordingVariant {
  let v = { ...emptyVariant('pt-pip', 'Pip em português'), language: 'pt-BR', description: 'Uma tradução.' };
  v = withTemplate(v, 'pip', 'conflict.caused', 'O conflito é causado por:');
  v = withTemplate(v, 'pip', 'conflict.head', 'ERRO: não é possível instalar {list} porque estas versões têm "dependências" em conflito.');
  v = withTemplate(v, 'plain', 'fix.head', 'O que fazer:\n(cada opção foi verificada)');
  v = withTemplate(v, 'pubgrub', 'line.because', 'Porque {cause}, {conclusion}.\t\\fim');
  return v;
}

describe('PO files', () => {
  it('round-trips a variant: export, then import, gives it back', () => {
    const v = sample();
    const back = variantFromPo(variantToPo(v));
    expect(back.issues).toEqual([]);
    expect(back.variant).toEqual(v);
  });

  it('keeps a template empty on purpose, through its own export and through a translator\'s tool', () => {
    const v = withTemplate(sample(), 'pip', 'conflict.caused', '');
    expect(v.templates.pip!['conflict.caused']).toBe('');
    const po = variantToPo(v);
    expect(variantFromPo(po).variant).toEqual(v);
    // gettext-parser keeps the translator comment that says so; an empty msgstr without it stays "not translated".
    const parsed = gettextParser.po.parse(po);
    expect(parsed.translations['pip|conflict.caused']![PIP['conflict.caused']!]!.comments?.translator).toBe('pipette: empty');
    const rewritten = new TextDecoder().decode(gettextParser.po.compile(parsed));
    expect(variantFromPo(rewritten).variant).toEqual(v);
    expect(variantFromPo(po.replace('# pipette: empty\n', '')).variant!.templates.pip).not.toHaveProperty('conflict.caused');
  });

  it('is read by gettext-parser as gettext tools read it: header, contexts, base texts, translations, flags', () => {
    const v = sample();
    const po = gettextParser.po.parse(variantToPo(v, { pip: new Map([['conflict.head', ['clash-a', 'clash-b']]]) }));
    expect(po.headers.Language).toBe('pt-BR');
    expect(po.headers['X-Pipette-Variant']).toBe('pt-pip');
    const head = po.translations['pip|conflict.head']![PIP['conflict.head']!]!;
    expect(head.msgstr).toEqual([v.templates.pip!['conflict.head']]);
    expect(head.comments?.flag).toBe('python-brace-format');
    expect(head.comments?.reference).toBe('clash-a clash-b');
    expect(head.comments?.extracted).toBe('slots: {list}, {kind}');
    expect(po.translations['plain|fix.head']![baseTemplates('plain').get('fix.head')!.text]!.msgstr).toEqual(['O que fazer:\n(cada opção foi verificada)']);
    expect(po.translations['pip|fix.head']![PIP['fix.head']!]!.msgstr).toEqual(['']);
    const contexts = Object.keys(po.translations).filter((c) => c !== '');
    expect(contexts).toHaveLength(['pubgrub', 'pip', 'plain'].reduce((n, voice) => n + baseTemplates(voice as never).size, 0));
  });

  it('reads a file a translator\'s tool wrote (gettext-parser compiling it), fuzzy entries left out', () => {
    const po = gettextParser.po.parse(variantToPo(sample()));
    const entry = po.translations['pip|conflict.caused']![PIP['conflict.caused']!]!;
    entry.comments = { ...entry.comments, flag: 'fuzzy, python-brace-format' };
    const rewritten = new TextDecoder().decode(gettextParser.po.compile(po, { foldLength: 40 }));
    const back = variantFromPo(rewritten);
    expect(back.variant!.templates.pip).toEqual({ 'conflict.head': sample().templates.pip!['conflict.head'] });
    expect(back.variant!.templates.plain).toEqual(sample().templates.plain);
  });

  it('warns when the base text changed since export, and checks slots as any variant', () => {
    const po = variantToPo(sample()).replace('msgid "The conflict is caused by:"', 'msgid "The conflict was caused by:"').replace('ERRO: não é possível instalar {list}', 'ERRO: {lista}');
    const back = variantFromPo(po);
    expect(back.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ severity: 'warning', key: 'conflict.caused', message: expect.stringMatching(/base text has changed/) }),
        expect.objectContaining({ severity: 'error', key: 'conflict.head', message: expect.stringMatching(/unknown slot \{lista\}/) }),
      ]),
    );
  });

  it('says where a broken file breaks, once', () => {
    expect(() => parsePo('msgid "a"\nmsgstr "b\n')).toThrow(/line 2/);
    expect(variantFromPo('msgid "a"\nmsgstr "\\q"\n').issues[0]).toMatchObject({ path: 'line 2', message: 'unknown escape \\q' });
  });
});

/** A PO file with a header (`headers`, one a line) and entries `[msgctxt, msgstr]` (msgid: the base text, if any). */
function po(headers: readonly string[], entries: readonly (readonly [string, string])[]): string {
  const head = ['msgid ""', 'msgstr ""', ...headers.map((h) => `"${h}\\n"`), ''];
  const baseText = (context: string) => (context.startsWith('pip|') ? (baseTemplates('pip').get(context.slice(4))?.text ?? 'whatever') : 'whatever');
  return [...head, ...entries.flatMap(([context, text]) => [`msgctxt "${context}"`, `msgid ${JSON.stringify(baseText(context))}`, `msgstr "${text}"`, ''])].join('\n');
}

describe('PO files from anyone', () => {
  it.each([
    ['constructor|entries', 'pwned'],
    ['__proto__|level.normal', 'pwned {message}'],
    ['toString|x', 'pwned'],
    ['pip|__proto__', 'pwned'],
    ['pip|constructor', 'pwned'],
  ])('never writes %s onto Object or its prototype, and names the entry\'s line', (context, text) => {
    const { variant, issues } = variantFromPo(po(['Language: en'], [['pip|conflict.caused', 'Because:'], [context, text]]));
    expect(typeof Object.entries).toBe('function');
    expect(({} as Record<string, unknown>)['level.normal']).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'x')).toBe(false);
    expect(variant!.templates).toEqual({ pip: { 'conflict.caused': 'Because:' } });
    const error = issues.filter((i) => i.severity === 'error');
    expect(error).toEqual([expect.objectContaining({ path: 'line 9', message: expect.stringMatching(/unknown voice|is not a template of the pip voice/) })]);
    expect(error[0]!.message).toContain(`msgctxt ${JSON.stringify(context)}`);
  });

  it.each([
    ['pt_BR', 'pt-BR', null],
    ['pt-BR', 'pt-BR', null],
    ['de', 'de', null],
    ['zh_Hant_TW', 'zh-Hant-TW', null],
    ['sr@latin', 'sr-Latn', null],
    ['sr_RS@latin', 'sr-Latn-RS', null],
    ['sr_RS@cyrillic', 'sr-Cyrl-RS', null],
    ['pt_BR.UTF-8', 'pt-BR', null],
    ['ca@valencia', 'ca', /"@valencia" has no language tag of its own and is left out; read as "ca"/],
    ['de@constructor', 'de', /"@constructor" has no language tag/],
  ])('reads the Language header %s (gettext\'s ll_CC@modifier) as %s', (header, tag, warning) => {
    const { variant, issues } = variantFromPo(po([`Language: ${header}`], [['pip|conflict.caused', 'Because:']]));
    expect(variant!.language).toBe(tag);
    if (warning) expect(issues).toEqual([expect.objectContaining({ severity: 'warning', path: 'line 1', message: expect.stringMatching(warning) })]);
    else expect(issues).toEqual([]);
  });
});

describe('bytes to text, in the CLI and the page', () => {
  it.each([
    ['msgid ""\nmsgstr ""\n"Language: pt\\n"\n"Content-Type: text/plain; charset=ISO-8859-1\\n"\n', { charset: 'ISO-8859-1', line: 4 }],
    ['msgid ""\nmsgstr "Content-Type: text/plain; charset=utf-8\\n"\n', { charset: 'utf-8', line: 2 }],
    ['msgid ""\nmsgstr "Content-Type: text/plain; charset=CHARSET\\n"\n', null],
    ['msgid ""\nmsgstr "Language: en\\n"\n\nmsgctxt "pip|x"\nmsgid "Content-Type: text/plain; charset=KOI8-R"\nmsgstr ""\n', null],
  ])('finds the charset a PO header declares, and its line', (text, expected) => {
    expect(poCharset(text)).toEqual(expected);
  });

  it.each([
    ['Pip em português', 'pip-em-portugues'],
    ['Très long '.repeat(20), `${'tres-long-'.repeat(7)}`.slice(0, 64).replace(/-$/, '')],
    ['!!!', 'variant'],
    ['__proto__', 'proto'],
  ])('makes a valid id of a file name: %j', (name, id) => {
    expect(variantIdFrom(name)).toBe(id);
    expect(id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    expect(id.length).toBeLessThanOrEqual(64);
  });
});
