/**
 * Reading a run as a matrix: counts per column, rows where combinations disagree, the
 * difference between two columns, and where disagreements fall by category.
 */
import { CELL_STATUSES, type Cell, type CellStatus, type SuiteEntry } from './model.ts';

export type ColumnSummary = Record<CellStatus, number> & { readonly total: number; readonly ms: number };

export function summarize(cells: Iterable<Cell>): ColumnSummary {
  const counts = Object.fromEntries(CELL_STATUSES.map((s) => [s, 0])) as Record<CellStatus, number>;
  let total = 0;
  let ms = 0;
  for (const c of cells) {
    counts[c.status]++;
    total++;
    ms += c.ms;
  }
  return { ...counts, total, ms };
}

/** Cells by scenario, then by combination id. */
export type CellTable = ReadonlyMap<string, ReadonlyMap<string, Cell>>;

export function cellTable(cells: Iterable<Cell>): Map<string, Map<string, Cell>> {
  const table = new Map<string, Map<string, Cell>>();
  for (const c of cells) {
    let row = table.get(c.scenario);
    if (!row) table.set(c.scenario, (row = new Map()));
    row.set(c.combination, c);
  }
  return table;
}

function installKey(packages: Readonly<Record<string, string>> | null): string {
  return packages ? Object.entries(packages).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}==${v}`).join(' ') : '';
}

export type Disagreement = 'verdict' | 'install-set' | null;

/** How the combinations that ran disagree on a row: on the verdict, else on the install set. */
export function disagreement(row: Iterable<Cell>): Disagreement {
  const ran = [...row].filter((c) => c.verdict !== null);
  if (new Set(ran.map((c) => c.verdict)).size > 1) return 'verdict';
  const solved = ran.filter((c) => c.verdict === 'solved');
  if (new Set(solved.map((c) => installKey(c.packages))).size > 1) return 'install-set';
  return null;
}

export interface PackageChange {
  readonly name: string;
  readonly from: string | null;
  readonly to: string | null;
}

export interface ColumnChange {
  readonly scenario: string;
  readonly kind: 'verdict' | 'install-set' | 'status';
  readonly from: Cell;
  readonly to: Cell;
  /** For an install set that changed: each package added, removed or moved. */
  readonly packages: readonly PackageChange[];
}

function packageChanges(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): PackageChange[] {
  const names = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return names.filter((n) => a[n] !== b[n]).map((name) => ({ name, from: a[name] ?? null, to: b[name] ?? null }));
}

/** Scenarios whose verdict, install set or status changes from column `a` to column `b`. */
export function diffColumns(table: CellTable, order: readonly string[], a: string, b: string): ColumnChange[] {
  const changes: ColumnChange[] = [];
  for (const scenario of order) {
    const row = table.get(scenario);
    const from = row?.get(a);
    const to = row?.get(b);
    if (!from || !to) continue;
    if (from.verdict !== to.verdict) changes.push({ scenario, kind: 'verdict', from, to, packages: [] });
    else if (from.verdict === 'solved' && installKey(from.packages) !== installKey(to.packages)) {
      changes.push({ scenario, kind: 'install-set', from, to, packages: packageChanges(from.packages ?? {}, to.packages ?? {}) });
    } else if (from.status !== to.status) changes.push({ scenario, kind: 'status', from, to, packages: [] });
  }
  return changes;
}

export function describeChange(change: ColumnChange): string {
  const verdict = (c: Cell) => (c.verdict === 'solved' ? 'solved' : c.verdict === 'no-solution' ? 'no solution' : c.status);
  if (change.kind === 'verdict') return `${verdict(change.from)} → ${verdict(change.to)}`;
  if (change.kind === 'status') return `${change.from.status} → ${change.to.status}`;
  return change.packages.map((p) => (p.from === null ? `+${p.name} ${p.to}` : p.to === null ? `−${p.name} ${p.from}` : `${p.name} ${p.from} → ${p.to}`)).join(', ');
}

export interface CategoryDisagreements {
  readonly category: string;
  readonly scenarios: number;
  readonly verdict: number;
  readonly installSet: number;
}

/** Per category: how many scenarios the combinations disagree on, by verdict and by install set. */
export function disagreementsByCategory(entries: readonly Pick<SuiteEntry, 'id' | 'category'>[], table: CellTable): CategoryDisagreements[] {
  const rows = new Map<string, { scenarios: number; verdict: number; installSet: number }>();
  for (const entry of entries) {
    const row = rows.get(entry.category) ?? { scenarios: 0, verdict: 0, installSet: 0 };
    row.scenarios++;
    const kind = disagreement(table.get(entry.id)?.values() ?? []);
    if (kind === 'verdict') row.verdict++;
    if (kind === 'install-set') row.installSet++;
    rows.set(entry.category, row);
  }
  return [...rows].sort(([a], [b]) => (a < b ? -1 : 1)).map(([category, r]) => ({ category, ...r }));
}
