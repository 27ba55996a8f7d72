import gettextParser from 'gettext-parser';
import { describe, expect, it } from 'vitest';
import { baseTemplates, emptyVariant, parsePo, PIP, variantFromPo, variantToPo, withTemplate, type WordingVariant } from '../../../src/core/index.ts';

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

  it('says where a broken file breaks', () => {
    expect(() => parsePo('msgid "a"\nmsgstr "b\n')).toThrow(/line 2/);
    expect(variantFromPo('msgid "a"\nmsgstr "\\q"\n').issues[0]!.message).toMatch(/line 2: unknown escape/);
  });
});
