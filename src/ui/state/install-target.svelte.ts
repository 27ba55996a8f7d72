/**
 * The environment the person installs into: what is installed, constraints, overrides, pip's
 * upgrade options, and named environments (a target with its installed set) saved in the
 * cache like preferences. Kept across reloads.
 */
import { getPref, setPref } from '../../cache/db.ts';
import type { ScenarioOptions, ScenarioTarget } from '../../cache/scenario-file.ts';
import type { UpgradeStrategy } from '../../core/index.ts';
import type { InstallTargetJob } from '../../worker/api.ts';
import { notices } from './notices.svelte.ts';

export interface SavedEnvironment {
  readonly name: string;
  readonly target: ScenarioTarget;
  readonly options: ScenarioOptions;
  readonly installed: string;
  readonly savedAt: string;
}

interface StoredTarget {
  readonly installed: string;
  readonly constraints: string;
  readonly overrides: string;
  readonly upgrade: boolean;
  readonly strategy: UpgradeStrategy;
  readonly forceReinstall: boolean;
  readonly noDeps: boolean;
  readonly wholeEnvironment: boolean;
}

const PREF_TARGET = 'install-target';
const PREF_ENVIRONMENTS = 'environments';
/** Named environments are few; a cap keeps a runaway import from filling the cache. */
const MAX_ENVIRONMENTS = 50;

class InstallTarget {
  installed = $state('');
  constraints = $state('');
  overrides = $state('');
  upgrade = $state(false);
  strategy = $state<UpgradeStrategy>('only-if-needed');
  forceReinstall = $state(false);
  noDeps = $state(false);
  wholeEnvironment = $state(false);
  /** "What if" this release required something else (for one resolve at a time; not kept). */
  whatIf = $state({ project: '', version: '', requires: '' });
  environments = $state.raw<readonly SavedEnvironment[]>([]);
  /** The person's answer to the prompt of the plan on screen: null until asked and answered. */
  decision = $state<'proceed' | 'cancel' | null>(null);
  private loaded = false;

  /** Anything set beyond a plain resolve. */
  get active(): boolean {
    return this.installed.trim() !== '' || this.constraints.trim() !== '' || this.overrides.trim() !== '' || this.noDeps || this.whatIf.project.trim() !== '';
  }

  /** What the worker takes (plain data: no $state proxies cross to it). */
  job(): InstallTargetJob | undefined {
    if (!this.active) return undefined;
    return {
      installed: this.installed,
      constraints: this.constraints,
      overrides: this.overrides,
      options: {
        upgrade: this.upgrade,
        upgradeStrategy: this.strategy,
        forceReinstall: this.forceReinstall,
        noDeps: this.noDeps,
        scope: this.wholeEnvironment ? 'environment' : 'pip',
      },
      whatIf: this.whatIf.project.trim() ? { ...this.whatIf } : null,
    };
  }

  async load(): Promise<void> {
    try {
      const stored = await getPref<StoredTarget>(PREF_TARGET);
      if (stored && typeof stored === 'object') {
        this.installed = String(stored.installed ?? '');
        this.constraints = String(stored.constraints ?? '');
        this.overrides = String(stored.overrides ?? '');
        this.upgrade = stored.upgrade === true;
        this.strategy = stored.strategy === 'eager' ? 'eager' : 'only-if-needed';
        this.forceReinstall = stored.forceReinstall === true;
        this.noDeps = stored.noDeps === true;
        this.wholeEnvironment = stored.wholeEnvironment === true;
      }
      const environments = await getPref<SavedEnvironment[]>(PREF_ENVIRONMENTS);
      if (Array.isArray(environments)) this.environments = environments.filter((e) => e && typeof e.name === 'string').slice(0, MAX_ENVIRONMENTS);
    } catch {
      // No storage (private mode): start empty; saving will say so.
    }
    this.loaded = true;
  }

  /** Keeps what is typed; called on every change (the cache write is small). */
  persist(): void {
    if (!this.loaded) return;
    const value: StoredTarget = {
      installed: this.installed,
      constraints: this.constraints,
      overrides: this.overrides,
      upgrade: this.upgrade,
      strategy: this.strategy,
      forceReinstall: this.forceReinstall,
      noDeps: this.noDeps,
      wholeEnvironment: this.wholeEnvironment,
    };
    setPref(PREF_TARGET, value).catch((error: Error) => notices.push('warning', `Your installed packages are kept on this page only: ${error.message}`));
  }

  async saveEnvironment(name: string, target: ScenarioTarget, options: ScenarioOptions): Promise<void> {
    const clean = name.trim() || 'Untitled environment';
    const entry: SavedEnvironment = { name: clean, target: { ...target }, options: { ...options }, installed: this.installed, savedAt: new Date().toISOString() };
    const others = this.environments.filter((e) => e.name !== clean);
    if (others.length >= MAX_ENVIRONMENTS) {
      notices.push('error', `There are ${MAX_ENVIRONMENTS} saved environments already; delete one first.`);
      return;
    }
    this.environments = [...others, entry].sort((a, b) => a.name.localeCompare(b.name));
    await this.writeEnvironments(`Saved the environment “${clean}”.`);
  }

  async deleteEnvironment(name: string): Promise<void> {
    this.environments = this.environments.filter((e) => e.name !== name);
    await this.writeEnvironments(`Deleted the environment “${name}”.`);
  }

  private async writeEnvironments(done: string): Promise<void> {
    try {
      await setPref(PREF_ENVIRONMENTS, $state.snapshot(this.environments));
      notices.push('success', done);
    } catch (error) {
      notices.push('warning', `Kept on this page only (not saved): ${(error as Error).message}`);
    }
  }
}

export const installTarget = new InstallTarget();
