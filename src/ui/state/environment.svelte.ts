/** The target environment being edited: Python, platform, implementation, options, marker overrides. */
import {
  ARCHITECTURES,
  describeTarget,
  KNOWN_PYTHON_VERSIONS,
  makeTarget,
  markerEnvironment,
  type Implementation,
  type OperatingSystem,
  type Policy,
  type TargetEnvironment,
} from '../../core/index.ts';
import type { ScenarioOptions, ScenarioTarget } from '../../cache/scenario-file.ts';

/** Python minor versions, newest first: "3.14", "3.13"... */
export const PYTHON_MINORS: readonly string[] = [...new Set(KNOWN_PYTHON_VERSIONS.map((v) => v.split('.').slice(0, 2).join('.')))].reverse();

export interface MarkerOverride {
  key: string;
  value: string;
}

/** Everything here as plain data: for drafts, saved scenarios and permalinks. */
export interface EnvironmentState {
  readonly python: string;
  readonly os: OperatingSystem;
  readonly arch: string;
  readonly implementation: Implementation;
  readonly prereleases: boolean;
  readonly policy: Policy;
  readonly markerOverrides: Readonly<Record<string, string>>;
}

export const DEFAULT_ENVIRONMENT: EnvironmentState = {
  python: '3.12',
  os: 'linux',
  arch: 'x86_64',
  implementation: 'cpython',
  prereleases: false,
  policy: 'pip',
  markerOverrides: {},
};

class Environment {
  python = $state(DEFAULT_ENVIRONMENT.python);
  os = $state<OperatingSystem>(DEFAULT_ENVIRONMENT.os);
  arch = $state(DEFAULT_ENVIRONMENT.arch);
  implementation = $state<Implementation>(DEFAULT_ENVIRONMENT.implementation);
  prereleases = $state(false);
  policy = $state<Policy>('pip');
  overrides = $state<MarkerOverride[]>([]);

  /** The target, or why these fields don't make one. */
  readonly built = $derived.by((): { target: TargetEnvironment; error: null } | { target: null; error: string } => {
    try {
      const markerOverrides: Record<string, string> = {};
      for (const { key, value } of this.overrides) if (key.trim()) markerOverrides[key.trim()] = value;
      return {
        target: makeTarget({ python: this.python.trim(), os: this.os, arch: this.arch, implementation: this.implementation, markerOverrides }),
        error: null,
      };
    } catch (error) {
      return { target: null, error: (error as Error).message };
    }
  });

  readonly description = $derived(this.built.target ? describeTarget(this.built.target) : '');
  readonly markers = $derived(this.built.target ? markerEnvironment(this.built.target) : {});

  setOs(os: OperatingSystem): void {
    this.os = os;
    if (!ARCHITECTURES[os].includes(this.arch)) this.arch = ARCHITECTURES[os][0]!;
  }

  /** A scenario's target and options over the defaults. */
  applyScenario(target: ScenarioTarget, options: ScenarioOptions): void {
    this.restore({
      ...DEFAULT_ENVIRONMENT,
      ...(target.python ? { python: target.python } : {}),
      ...(target.os ? { os: target.os } : {}),
      ...(target.implementation ? { implementation: target.implementation } : {}),
      arch: target.arch ?? ARCHITECTURES[target.os ?? 'linux'][0]!,
      prereleases: options.prereleases ?? false,
      policy: options.policy ?? 'pip',
    });
  }

  snapshot(): EnvironmentState {
    const markerOverrides: Record<string, string> = {};
    for (const { key, value } of this.overrides) if (key.trim()) markerOverrides[key.trim()] = value;
    return {
      python: this.python,
      os: this.os,
      arch: this.arch,
      implementation: this.implementation,
      prereleases: this.prereleases,
      policy: this.policy,
      markerOverrides,
    };
  }

  restore(state: EnvironmentState): void {
    this.python = state.python;
    this.os = state.os;
    this.arch = state.arch;
    this.implementation = state.implementation;
    this.prereleases = state.prereleases;
    this.policy = state.policy;
    this.overrides = Object.entries(state.markerOverrides).map(([key, value]) => ({ key, value }));
  }

  /** The scenario file's view of this environment. */
  scenarioTarget(): { target: ScenarioTarget; options: ScenarioOptions } {
    return {
      target: { python: this.python, os: this.os, arch: this.arch, implementation: this.implementation },
      options: { policy: this.policy, prereleases: this.prereleases },
    };
  }
}

export const environment = new Environment();
