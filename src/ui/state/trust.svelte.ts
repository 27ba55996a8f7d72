/**
 * Trust on the page: the imported advisories, the advisory policy and ignore list of the open
 * scenario (kept in IndexedDB per scenario, `draft` for unsaved work), the report on the last
 * resolve, and the metadata audit of the index.
 */
import type { AdvisoryPolicy, AuditFinding, AuditKind, IgnoredAdvisory, ReverseEdge } from '../../core/index.ts';
import { getTrustSettings, putTrustSettings } from '../../cache/trust-store.ts';
import { call } from '../../worker/client.ts';
import type { AdvisoryImport, AdvisoryInfo, AuditSummary, TrustReport } from '../../worker/trust-api.ts';
import { notices } from './notices.svelte.ts';
import { run } from './run.svelte.ts';
import { readTextFiles } from './text-file.ts';
import { workspace } from './workspace.svelte.ts';

export type { AdvisoryImport, AdvisoryInfo, AuditSummary, TrustReport };

/** How many files a folder import may hold (the worker also limits bytes). */
const MAX_FILES = 20_000;

class Trust {
  info = $state.raw<AdvisoryInfo>({ count: 0, sources: [], updatedAt: null });
  policy = $state<AdvisoryPolicy>('warn');
  ignore = $state.raw<readonly IgnoredAdvisory[]>([]);
  /** Settings that could not be saved (kept here for the session). */
  saveError = $state<string | null>(null);
  lastImport = $state.raw<AdvisoryImport | null>(null);
  importing = $state(false);
  importError = $state<string | null>(null);

  report = $state.raw<TrustReport | null>(null);
  checking = $state(false);
  checkError = $state<string | null>(null);

  audit = $state.raw<AuditSummary | null>(null);
  auditing = $state(false);
  auditProgress = $state(0);
  auditError = $state<string | null>(null);
  more = $state.raw<Partial<Record<AuditKind, readonly AuditFinding[]>>>({});

  private loadedKey: string | null = null;

  get settingsKey(): string {
    return workspace.scenarioId ?? 'draft';
  }

  async loadInfo(): Promise<void> {
    try {
      this.info = await call(undefined, (api) => api.advisoryInfo());
    } catch (error) {
      this.importError = `The imported advisories could not be read: ${(error as Error).message}`;
    }
  }

  /** The open scenario's policy and ignore list (defaults when it has none). */
  async loadSettings(): Promise<void> {
    const key = this.settingsKey;
    if (this.loadedKey === key) return;
    this.loadedKey = key;
    try {
      const settings = await getTrustSettings(key);
      if (this.loadedKey !== key) return;
      this.policy = settings?.policy ?? 'warn';
      this.ignore = settings?.ignore ?? [];
    } catch {
      this.policy = 'warn';
      this.ignore = [];
    }
  }

  private async save(): Promise<void> {
    try {
      await putTrustSettings({ key: this.settingsKey, policy: this.policy, ignore: this.ignore.map((i) => ({ ...i })), updatedAt: new Date().toISOString() });
      this.saveError = null;
    } catch (error) {
      this.saveError = (error as Error).message;
    }
  }

  async setPolicy(policy: AdvisoryPolicy): Promise<void> {
    this.policy = policy;
    await this.save();
    await this.check();
  }

  /** Adds an advisory to the ignore list; the reason is required. Returns a problem, or null. */
  async addIgnore(id: string, reason: string): Promise<string | null> {
    const cleanId = id.trim();
    const cleanReason = reason.trim();
    if (!cleanId) return 'Give the advisory id (PYSEC-…, GHSA-…, CVE-…).';
    if (!cleanReason) return 'Say why this advisory does not apply to you.';
    if (cleanId.length > 100 || cleanReason.length > 1000) return 'That is too long for an id or a reason.';
    this.ignore = [...this.ignore.filter((i) => i.id.toUpperCase() !== cleanId.toUpperCase()), { id: cleanId, reason: cleanReason }];
    await this.save();
    await this.check();
    return null;
  }

  async removeIgnore(id: string): Promise<void> {
    this.ignore = this.ignore.filter((i) => i.id !== id);
    await this.save();
    await this.check();
  }

  async importFiles(files: readonly File[]): Promise<void> {
    this.importError = null;
    if (files.length > MAX_FILES) {
      this.importError = `${files.length} files is more than the ${MAX_FILES} Pipette imports at once.`;
      return;
    }
    this.importing = true;
    try {
      const { texts, refused } = await readTextFiles(files, /\.json$/i, 32 * 1024 * 1024);
      if (texts.length === 0) {
        this.importError = `No OSV JSON files (.json, at most 32 MB each, UTF-8) among these.${refused.length ? ` Left out: ${refused.slice(0, 5).join('; ')}` : ''}`;
        return;
      }
      if (refused.length > 0) notices.push('warning', `Advisory files left out (${refused.length}): ${refused.slice(0, 5).join('; ')}${refused.length > 5 ? '; …' : ''}`, { details: refused.slice(0, 20) });
      this.lastImport = await call(undefined, (api) => api.importAdvisories(texts));
      this.info = { count: this.lastImport.count, sources: this.lastImport.sources, updatedAt: this.lastImport.updatedAt };
      await this.check();
    } catch (error) {
      this.importError = (error as Error).message;
    } finally {
      this.importing = false;
    }
  }

  async clearAdvisories(): Promise<void> {
    try {
      await call(undefined, (api) => api.clearAdvisories());
      this.info = { count: 0, sources: [], updatedAt: null };
      this.lastImport = null;
      await this.check();
    } catch (error) {
      this.importError = (error as Error).message;
    }
  }

  /** The last resolve under the policy (nothing to do before a resolve). */
  async check(): Promise<void> {
    const job = run.job;
    if (!job || run.status !== 'done' || !run.outcome || run.outcome.kind === 'invalid' || run.outcome.kind === 'index-error') {
      this.report = null;
      return;
    }
    this.checking = true;
    this.checkError = null;
    try {
      const ignore = this.ignore.map((i) => ({ id: i.id, reason: i.reason }));
      this.report = await call(undefined, (api) => api.trustCheck(job, this.policy, ignore));
    } catch (error) {
      this.report = null;
      this.checkError = (error as Error).message;
    } finally {
      this.checking = false;
    }
  }

  async runAudit(): Promise<void> {
    const job = run.job;
    if (!job) {
      this.auditError = 'Resolve once first: the audit reads the index of the last resolve.';
      return;
    }
    this.auditing = true;
    this.auditError = null;
    this.auditProgress = 0;
    this.more = {};
    try {
      const { proxy } = await import('comlink');
      this.audit = await call(undefined, (api) => api.auditIndex(job, proxy((done: number, total: number) => (this.auditProgress = total ? done / total : 0))));
    } catch (error) {
      this.auditError = (error as Error).message;
    } finally {
      this.auditing = false;
    }
  }

  async showMore(kind: AuditKind): Promise<void> {
    const shown = (this.more[kind]?.length ?? 0) + (this.audit?.findings[kind].length ?? 0);
    const next = await call(undefined, (api) => api.auditFindings(kind, shown));
    this.more = { ...this.more, [kind]: [...(this.more[kind] ?? []), ...next] };
  }

  whoNeeds(name: string): Promise<readonly ReverseEdge[]> {
    return call(undefined, (api) => api.whoNeeds(name));
  }
}

export const trust = new Trust();
