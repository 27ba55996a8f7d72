/** `pipette wording` and the `--wording` / `--verbosity` options, in-process, on the bundled scenarios. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/run-cli.ts';

const repo = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));
const EXAMPLE = repo('examples/wording/short-and-plain.json');
let dir = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pipette-wording-'));
  writeFileSync(join(dir, 'bad.json'), JSON.stringify({ format: 'pipette-wording/1', id: 'bad', name: 'Bad', templates: { pip: { 'conflict.head': 'Cannot {install}', 'no.such': 'x' } } }));
  writeFileSync(join(dir, 'kind.json'), JSON.stringify({ format: 'pipette-wording/1', id: 'kind', name: 'Kind first', templates: { pip: { 'level.normal': 'error: {kind}\n{message}' } } }));
});

const run = runCli;

describe('pipette wording check', () => {
  it('passes the example variant, naming its warnings', async () => {
    const { code, out } = await run('wording', 'check', EXAMPLE);
    expect(code).toBe(0);
    expect(out).toMatch(/templates\.pip\.nomatch\.line: warning: leaves out \{requirement\}/);
    expect(out).toMatch(/Short and plain \(short-and-plain, en\): 45 templates, 0 errors/);
  });

  it('fails on errors, each at its key', async () => {
    const { code, out } = await run('wording', 'check', join(dir, 'bad.json'));
    expect(code).toBe(1);
    expect(out).toContain('templates.pip.conflict.head: error: unknown slot {install}');
    expect(out).toContain('templates.pip.no.such: error: not a template of the pip voice');
  });
});

describe('pipette wording render', () => {
  it('renders the failing scenarios of a folder in the base wording and each variant, as CSV', async () => {
    const { code, out, err } = await run('wording', 'render', EXAMPLE, '--suite', repo('public/scenarios'), '--voice', 'pip', '--format', 'csv', '--budget', '300');
    expect(code).toBe(0);
    expect(err).toMatch(/9 scenarios read, 7 with no solution/);
    const rows = out.trim().split('\r\n');
    expect(rows[0]).toMatch(/^scenario,source,kind,voice,verbosity,variant,lines,words/);
    expect(rows).toHaveLength(1 + 7 * 2);
    expect(rows.filter((r) => r.includes(',short-and-plain,'))).toHaveLength(7);
  });

  it('writes Markdown with the measures and the templates the suite never used', async () => {
    const { code, out } = await run('wording', 'render', '--suite', repo('public/scenarios/yanked.json'), '--voice', 'plain', '--verbosity', 'brief');
    expect(code).toBe(0);
    expect(out).toMatch(/# Wording: the plain voice, brief/);
    expect(out).toMatch(/\| Base wording \| 1 \|/);
    expect(out).toMatch(/Templates the suite never used/);
  });

  it('stops a variant whose templates multiply the text, naming each message it could not render', async () => {
    const blow = join(dir, 'blow.json');
    const templates = { pubgrub: { dependency: '{subject}'.repeat(444), pair: '{a}'.repeat(1333), 'line.because': '{cause}'.repeat(60) } };
    writeFileSync(blow, JSON.stringify({ format: 'pipette-wording/1', id: 'blow', name: 'Blow', templates }));
    const started = performance.now();
    const { code, out, err } = await run('wording', 'render', blow, '--suite', repo('public/scenarios/transitive-clash.json'), '--voice', 'pubgrub', '--format', 'md', '--budget', '100');
    expect(performance.now() - started).toBeLessThan(5000);
    expect(code).toBe(0);
    expect(err).toMatch(/^warning: transitive-clash, blow, pubgrub voice: could not render: template "[a-z.]+": the text would be longer than 65536 characters$/m);
    expect(out).toMatch(/^Could not render: template "[a-z.]+": the text would be longer than 65536 characters$/m);
  });

  it('refuses a jargon list longer than it can match quickly', async () => {
    const jargon = join(dir, 'jargon.txt');
    writeFileSync(jargon, Array.from({ length: 10_001 }, (_, i) => `term${i}`).join('\n'));
    const { code, err } = await run('wording', 'render', '--suite', repo('public/scenarios/yanked.json'), '--jargon', jargon);
    expect(err).toContain(`pipette: ${jargon}: 10001 jargon terms, over the limit of 10000`);
    expect(code).toBe(2);
  });

  it('needs a suite', async () => {
    expect((await run('wording', 'render')).code).toBe(2);
  });

  it('refuses a suite that gave no scenario, rather than an empty grid with exit 0', async () => {
    const empty = join(dir, 'nothing-here');
    mkdirSync(empty);
    writeFileSync(join(empty, 'notes.json'), '{"not": "a scenario"}');
    const { code, out, err } = await run('wording', 'render', '--suite', empty);
    expect(err).toContain(`no scenarios in ${empty}`);
    expect(out).toBe('');
    expect(code).toBe(2);
  });
});

describe('variant files from anyone', () => {
  const header = (charset: string) => `msgid ""\nmsgstr ""\n"Language: pt_BR\\n"\n"Content-Type: text/plain; charset=${charset}\\n"\n\n`;
  const entry = 'msgctxt "pip|conflict.caused"\nmsgid "The conflict is caused by:"\nmsgstr "O conflito \u00e9 causado por:"\n';

  it('decodes a PO file by the charset its header declares', async () => {
    const file = join(dir, 'latin.po');
    writeFileSync(file, Buffer.from(header('ISO-8859-1') + entry, 'latin1'));
    const { code, out } = await run('wording', 'render', file, '--suite', repo('public/scenarios/transitive-clash.json'), '--voice', 'pip', '--budget', '100');
    expect(code).toBe(0);
    expect(out).toContain('O conflito é causado por:');
    expect(out).not.toContain('\uFFFD');
  });

  it('refuses a charset it cannot decode, at the header line, and bytes not valid in the charset, at their line', async () => {
    writeFileSync(join(dir, 'koi.po'), Buffer.from(header('KOI8-Q') + entry, 'latin1'));
    writeFileSync(join(dir, 'bad-utf8.po'), Buffer.from(header('UTF-8') + entry, 'latin1'));
    writeFileSync(join(dir, 'bad-utf8.json'), Buffer.concat([Buffer.from('{"format": "pipette-wording/1", "id": "x",\n"name": "N'), Buffer.from([0xff]), Buffer.from('"}')]));
    const { code, out } = await run('wording', 'check', join(dir, 'koi.po'), join(dir, 'bad-utf8.po'), join(dir, 'bad-utf8.json'));
    expect(code).toBe(1);
    expect(out).toContain(`${join(dir, 'koi.po')}: line 4: error: the header's charset "KOI8-Q" is not one Pipette can read`);
    expect(out).toContain(`${join(dir, 'bad-utf8.po')}: line 8: error: not valid UTF-8; save it as UTF-8, or declare its charset`);
    expect(out).toContain(`${join(dir, 'bad-utf8.json')}: line 2: error: not valid UTF-8`);
    const render = await run('wording', 'render', join(dir, 'bad-utf8.json'), '--suite', repo('public/scenarios/yanked.json'));
    expect(render.code).toBe(2);
    expect(render.err).toContain(`${join(dir, 'bad-utf8.json')}: not a usable wording variant`);
  });

  it('reads a file the same way in check and render, naming a PO file without an id after the file, as a valid id', async () => {
    const file = join(dir, `Très ${'long '.repeat(30)}name.po`);
    writeFileSync(file, header('UTF-8') + entry);
    const check = await run('wording', 'check', file);
    const id = `tres-${'long-'.repeat(30)}`.slice(0, 64).replace(/-$/, '');
    expect(check.code).toBe(0);
    expect(check.out).toContain(`(${id}, pt-BR): 1 templates, 0 errors`);
    const render = await run('wording', 'render', file, '--suite', repo('public/scenarios/yanked.json'), '--format', 'json', '--voice', 'pip');
    expect(render.code).toBe(0);
    expect((JSON.parse(render.out) as { variants: { id: string }[] }).variants.map((v) => v.id)).toEqual(['base', id]);
  });

  it('names the line of a PO entry whose context would reach Object, rather than crashing', async () => {
    writeFileSync(join(dir, 'proto.po'), `${header('UTF-8')}msgctxt "constructor|entries"\nmsgid "x"\nmsgstr "y"\n`);
    const { code, out } = await run('wording', 'check', join(dir, 'proto.po'));
    expect(code).toBe(1);
    expect(out).toContain('proto.po: line 6: error: msgctxt "constructor|entries": unknown voice "constructor"');
    expect(typeof Object.entries).toBe('function');
  });
});

describe('wording render --out', () => {
  it('names the path it cannot write, with exit status 2', async () => {
    const full = await run('wording', 'render', '--suite', repo('public/scenarios/yanked.json'), '--out', '/dev/full');
    expect(full.err).toContain('pipette: /dev/full: no space left on the device');
    expect(full.code).toBe(2);
    const missing = join(dir, 'no-such-folder', 'out.md');
    const nowhere = await run('wording', 'render', '--suite', repo('public/scenarios/yanked.json'), '--out', missing);
    expect(nowhere.err).toContain(`pipette: ${missing}: no such folder`);
    expect(nowhere.code).toBe(2);
  });

  it('refuses an empty --out rather than writing to stdout', async () => {
    const { code, out, err } = await run('wording', 'render', '--suite', repo('public/scenarios/yanked.json'), '--out', '');
    expect(err).toContain('--out needs a file name');
    expect(out).toBe('');
    expect(code).toBe(2);
  });
});

describe('--wording and --verbosity on scenario', () => {
  it('explains in the variant, with {kind} filled', async () => {
    const { code, out } = await run('scenario', repo('public/scenarios/yanked.json'), '--voice', 'pip', '--wording', join(dir, 'kind.json'));
    expect(code).toBe(1);
    expect(out).toMatch(/error: yanked\nERROR: /);
  });

  it('gives a brief message, and the kind in JSON', async () => {
    const brief = await run('scenario', repo('public/scenarios/direct-clash.json'), '--voice', 'plain', '--verbosity', 'brief', '--json');
    const normal = await run('scenario', repo('public/scenarios/direct-clash.json'), '--voice', 'plain', '--json');
    const [b, n] = [JSON.parse(brief.out), JSON.parse(normal.out)] as { message: string; kind: string }[];
    expect(b!.kind).toBe('resolution-impossible');
    expect(b!.message.length).toBeLessThan(n!.message.length);
    expect(n!.message.startsWith(b!.message)).toBe(true);
  });

  it('refuses a bad verbosity', async () => {
    expect((await run('scenario', repo('public/scenarios/yanked.json'), '--verbosity', 'loud')).code).toBe(2);
  });
});
