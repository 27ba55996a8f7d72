/** A suite grid as CSV (one row per message), Markdown (for a pull request) or JSON. */
import type { MeasureSummary, MessageMeasures } from './measures.ts';
import type { SuiteGrid } from './suite.ts';
import { csvField } from '../export/csv.ts';

const CSV_HEAD = ['scenario', 'source', 'kind', 'voice', 'verbosity', 'variant', 'lines', 'words', 'longest_line', 'rows', 'fits_80x24', 'grade', 'jargon_count', 'jargon', 'names_clash'];

function measureFields(m: MessageMeasures): (string | number | boolean | null)[] {
  return [m.lines, m.words, m.longestLine, m.rows, m.fitsScreen, m.grade, m.jargon.length, m.jargon.join('; '), m.namesClash];
}

export function gridToCsv(grid: SuiteGrid): string {
  const lines = [CSV_HEAD.join(',')];
  for (const row of grid.rows) {
    const head = [row.id, row.source, row.kind, grid.voice, grid.verbosity];
    row.cells.forEach((cell, i) => lines.push([...head, grid.variants[i]!.id, ...measureFields(cell.measures)].map(csvField).join(',')));
    if (row.pipMeasures) lines.push([...head, 'pip-23.2-recorded', ...measureFields(row.pipMeasures)].map(csvField).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}text\n${text}\n${ticks}`;
}

function fmt(value: number | null, digits = 1, percent = false): string {
  if (value === null) return '–';
  return percent ? `${Math.round(value * 100)} %` : String(Math.round(value * 10 ** digits) / 10 ** digits);
}

export function summaryRow(name: string, s: MeasureSummary): string {
  return `| ${name.replace(/\|/g, '\\|')} | ${s.messages} | ${fmt(s.medianLines)} | ${fmt(s.medianWords)} | ${fmt(s.medianGrade)} | ${fmt(s.fitShare, 0, true)} | ${fmt(s.namesClashShare, 0, true)} | ${fmt(s.medianJargon)} |`;
}

export const SUMMARY_HEAD = '| variant | messages | median lines | median words | median grade | fit 80×24 | names the clash | median jargon |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |';

/** A scenario's title or path as one line: a line break from a suite file must not start a heading or a table row of its own. */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');
}

export function gridToMarkdown(grid: SuiteGrid): string {
  const out = [`# Wording: the ${grid.voice} voice, ${grid.verbosity}`, '', SUMMARY_HEAD];
  grid.variants.forEach((v, i) => out.push(summaryRow(v.name, grid.summaries[i]!)));
  if (grid.pipSummary) out.push(summaryRow('pip 23.2 (recorded)', grid.pipSummary));
  const unused = grid.usage.filter((u) => u.scenarios.length === 0).map((u) => `\`${u.key}\``);
  out.push('', `Templates the suite never used (${unused.length} of ${grid.usage.length}): ${unused.join(', ') || 'none'}.`, '');
  for (const row of grid.rows) {
    out.push(`## ${oneLine(row.title)}`, '', `Source: \`${oneLine(row.source).replaceAll('`', "'")}\`. Kind: \`${row.kind}\`.`, '');
    row.cells.forEach((cell, i) => {
      out.push(`**${grid.variants[i]!.name}** (${cell.measures.lines} lines, ${cell.measures.words} words, grade ${fmt(cell.measures.grade)})`, '', cell.error ? `Could not render: ${cell.error}` : fence(cell.text), '');
    });
    if (row.pip !== null) out.push('**pip 23.2, recorded**', '', fence(row.pip || '(no message recorded)'), '');
  }
  return `${out.join('\n')}\n`;
}
