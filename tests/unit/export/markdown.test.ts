import { describe, expect, it } from 'vitest';
import { makeTarget } from '../../../src/core/environment/index.ts';
import { codeSpan, escapeInline, fencedBlock, toMarkdown, type MarkdownInput } from '../../../src/core/export/markdown.ts';
import { REQUIREMENTS, resolveFixture, YANK_REASON } from './fixture.ts';

/** The cells of a GFM table row: split on pipes that are not backslash-escaped. */
function cells(row: string): string[] {
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < row.length; i++) {
    const char = row[i]!;
    if (char === '\\') {
      current += char + (row[i + 1] ?? '');
      i++;
    } else if (char === '|') {
      out.push(current.trim());
      current = '';
    } else {
      current += char;
    }
  }
  out.push(current.trim());
  return out.slice(1, -1);
}

/** Text outside fenced blocks and code spans, where raw HTML would be live. */
function liveText(markdown: string): string {
  return markdown.replace(/^(`{3,})[^\n]*\n[\s\S]*?^\1$/gm, '').replace(/(?<![\\`])(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, '');
}

/** A `<` that Markdown would read as the start of HTML: not backslash-escaped, not our own `<br>`. */
const RAW_HTML = /(?<!\\)<(?!br>)/;

const target = makeTarget({ python: '3.12' });

function failureInput(overrides: Partial<MarkdownInput> = {}): MarkdownInput {
  return {
    title: 'numpy <clash>',
    requirements: 'numpy==1.24.4\npandas==2.2.2\n',
    target,
    policy: 'pip',
    prereleases: false,
    result: { ok: false, voice: 'pip', headline: 'pandas 2.2.2 needs numpy>=1.26.0 | yours is older', explanation: 'ERROR: Cannot install pandas==2.2.2 and numpy==1.24.4\n' },
    ...overrides,
  };
}

describe('toMarkdown', () => {
  it('shows the request: requirements in a fenced block, the target and the policy', () => {
    const text = toMarkdown(failureInput());
    expect(text).toContain('## numpy \\<clash\\>');
    expect(text).toContain('```text\nnumpy==1.24.4\npandas==2.2.2\n```');
    expect(text).toContain('CPython 3.12.0 on Linux x86\\_64');
    expect(text).toContain('policy `pip`, pre-releases not allowed');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('writes a plan table with one row per package and four cells in every row', async () => {
    const { success } = await resolveFixture();
    const text = toMarkdown({ requirements: REQUIREMENTS.join('\n'), target, policy: 'pip', prereleases: false, result: success });
    expect(text).toContain(`### Result: solved, ${success.packages.length} packages`);
    const rows = text.split('\n').filter((line) => line.startsWith('| '));
    expect(rows).toHaveLength(success.packages.length + 2);
    for (const row of rows) expect(cells(row)).toHaveLength(4);
    const flask = rows.find((row) => row.startsWith('| `Flask[async]`'))!;
    expect(cells(flask)).toEqual(['`Flask[async]`', '`2.0.0`', 'you: `Flask[async]>=2`', 'requested']);
    const beta = rows.find((row) => row.startsWith('| `beta`'))!;
    expect(cells(beta)[3]).toBe('requested, pre-release');
  });

  it('escapes a yanked reason from the index so it can neither split the table nor add HTML', async () => {
    const { success } = await resolveFixture();
    const text = toMarkdown({ requirements: '', target, policy: 'pip', prereleases: false, result: success });
    const row = text.split('\n').find((line) => line.startsWith('| `oldpkg`'))!;
    expect(cells(row)).toHaveLength(4);
    expect(cells(row)[3]).toBe('requested, yanked: broken \\| \\<b\\>bad\\</b\\> \\`x\\`');
    expect(YANK_REASON).toContain('<b>');
    expect(liveText(text)).not.toMatch(RAW_HTML);
  });

  it('puts the explanation in a fenced block that its own backticks cannot close, with the voice named', () => {
    const explanation = 'Because of\n```\n</details><script>alert(1)</script>\n````\nthe end';
    const text = toMarkdown(failureInput({ result: { ok: false, voice: 'PubGrub', explanation } }));
    expect(text).toContain('Explanation (voice: PubGrub):');
    expect(text).toContain(`\`\`\`\`\`text\n${explanation}\n\`\`\`\`\``);
    expect(liveText(text)).not.toMatch(RAW_HTML);
  });

  it('escapes the headline, the suggestions and user text', () => {
    const text = toMarkdown(
      failureInput({
        suggestions: [
          { title: 'Change `numpy==1.24.4` to numpy>=1.26.0', detail: 'Keeps pandas | drops <img src=x onerror=alert(1)>' },
          { title: '[click me](javascript:alert(1))' },
        ],
      }),
    );
    expect(text).toContain('**pandas 2.2.2 needs numpy\\>=1.26.0 \\| yours is older**');
    expect(text).toContain('- **Change \\`numpy==1.24.4\\` to numpy\\>=1.26.0** — Keeps pandas \\| drops \\<img src=x onerror=alert(1)\\>');
    expect(text).toContain('- **\\[click me\\](javascript:alert(1))**');
    expect(liveText(text)).not.toMatch(RAW_HTML);
  });

  it('writes a requirements text that holds a fence inside a longer fence', () => {
    const text = toMarkdown(failureInput({ requirements: 'flask\n```\n# not the end\n', format: 'pyproject' }));
    expect(text).toContain('**Requirements** (`pyproject.toml`):');
    expect(text).toContain('````toml\nflask\n```\n# not the end\n````');
  });

  it('links to the workspace only through an http(s) URL', () => {
    expect(toMarkdown(failureInput({ link: 'https://pipette.example/#abc(1)' }))).toContain('[Open this in Pipette](https://pipette.example/#abc%281%29)');
    expect(toMarkdown(failureInput({ link: 'javascript:alert(1)' }))).toContain('[Open this in Pipette](#)');
  });
});

describe('the escaping helpers', () => {
  it('(the raw-HTML check of these tests finds HTML outside code, and only there)', () => {
    expect(liveText('a <b> `<c>`')).toMatch(RAW_HTML);
    expect(liveText('a \\<b\\> `<c>` and\n```\n<d>\n```')).not.toMatch(RAW_HTML);
  });

  it.each([
    ['plain', '`plain`'],
    ['a`b', '``a`b``'],
    ['``x``', '``` ``x`` ```'],
    ['`lead', '`` `lead ``'],
    ['two\nlines', '`two lines`'],
    ['', '` `'],
  ])('codeSpan(%j) is %j', (input, expected) => {
    expect(codeSpan(input)).toBe(expected);
  });

  it('escapes pipes in a code span inside a table cell', () => {
    expect(codeSpan('a|b', true)).toBe('`a\\|b`');
    expect(codeSpan('a|b')).toBe('`a|b`');
  });

  it.each([
    ['<script>', '\\<script\\>'],
    ['*bold* _it_', '\\*bold\\* \\_it\\_'],
    ['a | b', 'a \\| b'],
    ['&amp;', '\\&amp;'],
    ['back\\slash', 'back\\\\slash'],
    ['line\r\nbreak', 'line break'],
    ['bidi\u202etrick', 'biditrick'],
  ])('escapeInline(%j) is %j', (input, expected) => {
    expect(escapeInline(input)).toBe(expected);
  });

  it('makes the fence of a block longer than any backtick run in it', () => {
    expect(fencedBlock('a\n``````\nb\n', 'text')).toEqual(['```````text', 'a', '``````', 'b', '```````']);
    expect(fencedBlock('', 'text')).toEqual(['```text', '```']);
  });
});
