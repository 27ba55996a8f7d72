/**
 * What explanations hand to the UI and the CLI: plain data only, so it crosses the worker
 * boundary unchanged.
 */
import type { Voice } from './wording.ts';
import type { ReportLine } from './pubgrub.ts';

/** A reason a resolve failed that has its own name and its own way out. */
export type SpecialCause =
  | { readonly kind: 'yanked'; readonly package: string; readonly versions: readonly string[]; readonly reasons: readonly string[] }
  | {
      readonly kind: 'requiresPython';
      readonly package: string;
      readonly versions: readonly string[];
      readonly requiresPython: string;
      readonly python: string;
      /** Known Python releases, patch level ("3.13.2"), that meet `requiresPython`. */
      readonly workingPythons: readonly string[];
    }
  | { readonly kind: 'prereleaseOnly'; readonly package: string; readonly versions: readonly string[] }
  | {
      readonly kind: 'noWheel';
      readonly package: string;
      readonly versions: readonly string[];
      readonly detail: string;
      /** Platforms that do have wheels (when the platform is what does not fit). */
      readonly platforms: readonly string[];
      /** Wheel tags built for other interpreters (when the Python or ABI is what does not fit). */
      readonly wheels: readonly string[];
    }
  | { readonly kind: 'notFound'; readonly package: string; readonly requiredBy: string; readonly closeNames: readonly string[] }
  | { readonly kind: 'noMatch'; readonly package: string; readonly requirement: string; readonly requiredBy: string; readonly available: readonly string[] }
  | { readonly kind: 'tooNew'; readonly package: string; readonly versions: readonly string[]; readonly cutoff: string }
  | { readonly kind: 'metadata'; readonly package: string; readonly versions: readonly string[]; readonly message: string }
  /** PEP 792: the index quarantined the project. */
  | { readonly kind: 'quarantined'; readonly package: string; readonly reason: string | null }
  /** The advisory policy `block` set these versions apart: the advisories and the versions that fix them. */
  | { readonly kind: 'advisory'; readonly package: string; readonly versions: readonly string[]; readonly advisories: readonly string[]; readonly fixed: readonly string[] }
  /** A constraint (`-c FILE`) leaves the versions out. */
  | { readonly kind: 'constraint'; readonly package: string; readonly versions: readonly string[]; readonly requirement: string; readonly source: string | null }
  /** Parts of a package's metadata were invalid and skipped (a version, a requirement, a Requires-Python). */
  | { readonly kind: 'invalidMetadata'; readonly package: string; readonly messages: readonly string[] };

/** One side of a clash: a requirement of yours, through a chain, down to a constraint on the clashing package. */
export interface ClashSide {
  /** Your requirement as written ("black>=22.1"), or null when the side is not one of yours (the target Python). */
  readonly requirement: string | null;
  /** Who needs it: your requirement, or the part of it that does ("a[extra-b]"). */
  readonly subject: string;
  /** What it comes to on the clashing package ("click>=8.0.0"). */
  readonly needs: string;
  /** Packages in between, e.g. ["a"] for "c needs b (through a)". */
  readonly via: readonly string[];
  /** The requirement names the clashing package itself. */
  readonly direct: boolean;
}

export interface Clash {
  /** The package the sides disagree on. */
  readonly package: string;
  readonly sides: readonly ClashSide[];
}

export interface FactNode {
  /** Package key: `click`, `requests[socks]`, `<root>`, `python`. */
  readonly id: string;
  readonly label: string;
  /** The versions concerned, as a specifier or list ('' = any). */
  readonly versions: string;
  readonly kind: 'root' | 'python' | 'package';
  readonly notFound: boolean;
  /** Why some versions can't be used at all (yanked, no wheel...), short. */
  readonly problems: readonly string[];
  readonly inMinimalConflict: boolean;
  readonly clashing: boolean;
}

export interface FactEdge {
  readonly from: string;
  readonly to: string;
  /** The requirement as written. */
  readonly label: string;
  /** The versions of `from` that make this requirement ('' = all). */
  readonly fromVersions: string;
  /** Part of a clash: constraints on the same package that no version meets together. */
  readonly clashing: boolean;
  readonly inMinimalConflict: boolean;
}

/** The packages and requirement edges of a failure, for drawing a conflict graph. */
export interface ConflictFacts {
  readonly nodes: readonly FactNode[];
  readonly edges: readonly FactEdge[];
}

export interface MinimalConflict {
  /** The user's requirements (as written) that together have no solution. */
  readonly requirements: readonly string[];
  /** Whether the target Python takes part (another Python might work). */
  readonly python: boolean;
  /** Whether the target platform takes part (wheels for other platforms exist). */
  readonly platform: boolean;
  /** Resolves run to find it. */
  readonly resolves: number;
  /** False when the time budget ran out before every part was tested (the set may not be minimal). */
  readonly complete: boolean;
}

/** A change to the request that a suggestion makes. */
export interface RequestChange {
  /** Requirements (as written) to take out. */
  readonly remove: readonly string[];
  /** Requirements (as written) to put in. */
  readonly add: readonly string[];
  /** A new target Python ("3.11"), if any. */
  readonly python?: string;
  /** Turn on pre-releases for everything. */
  readonly prereleases?: boolean;
  /** Projects (normalised names, or `:all:`) to take out of --no-binary. */
  readonly allowBinary?: readonly string[];
  /** Projects (normalised names, or `:all:`) to take out of --no-build (pip's --only-binary). */
  readonly allowBuild?: readonly string[];
}

export interface PlanChange {
  readonly added: readonly { readonly name: string; readonly version: string }[];
  readonly removed: readonly { readonly name: string; readonly version: string }[];
  readonly changed: readonly { readonly name: string; readonly from: string; readonly to: string }[];
}

export type SuggestionKind = 'relax' | 'range' | 'drop' | 'python' | 'prereleases' | 'yanked' | 'rename' | 'platform' | 'flag' | 'combined' | 'advisory';

/** A way out that was checked by resolving again. */
export interface Suggestion {
  readonly kind: SuggestionKind;
  /** Imperative, short: "Change typer<0.4 to typer>=0.4.0". */
  readonly title: string;
  /** One sentence on what it does and costs. */
  readonly detail: string;
  readonly change: RequestChange;
  /** The install plan the change leads to (name -> version). */
  readonly plan: Readonly<Record<string, string>>;
  /**
   * What the plan gains or loses against the last plan you saw resolve (`previousPlan` of the
   * explain options); null when there is none, and then `plan` is the whole plan.
   */
  readonly planChange: PlanChange | null;
  /** Smaller is a smaller change; suggestions are sorted by it. */
  readonly cost: number;
}

/** A problem separate from the first: it alone would stop the install too. */
export interface OtherProblem {
  /** Your requirements its proof uses (as written). */
  readonly requirements: readonly string[];
  readonly headline: string;
  readonly clash: Clash | null;
  readonly causes: readonly SpecialCause[];
  /** Its proof in the pubgrub voice, as lines. */
  readonly lines: readonly ReportLine[];
}

export interface Explanation {
  /** One sentence for a heading. */
  readonly headline: string;
  readonly voices: Readonly<Record<Voice, string>>;
  /** The pubgrub voice as numbered lines, each tied to a node of the derivation tree. */
  readonly lines: readonly ReportLine[];
  readonly causes: readonly SpecialCause[];
  readonly clash: Clash | null;
  readonly facts: ConflictFacts;
  readonly minimalConflict: MinimalConflict | null;
  /** Checked fixes; with several problems, each fixes all of them at once. */
  readonly suggestions: readonly Suggestion[];
  /** Problems separate from the first (`headline`, `lines`, `clash`, `facts` are the first's); `causes` covers all. */
  readonly otherProblems: readonly OtherProblem[];
  /** The hint lines under the pubgrub voice ("hint: ..."). */
  readonly hints: readonly string[];
  /** False when the search for fixes ran out of time: a fix may exist that was not tried. */
  readonly fixesComplete: boolean;
  /** False when the search for separate problems ran out of time: others may remain unshown. */
  readonly problemsComplete: boolean;
}

/** "Why is X installed?": the chains of requirements from yours to X, shortest first. */
export interface WhyInstalled {
  readonly package: string;
  readonly version: string;
  /** Each chain starts with your requirement: ["flask", "flask 2.3.3 requires Jinja2>=3.1.2", ...]. */
  readonly chains: readonly (readonly string[])[];
  readonly text: string;
}

/** "Why not a newer X?". */
export interface WhyNotNewer {
  readonly package: string;
  readonly version: string;
  /** Newer versions that exist, newest first. */
  readonly newer: readonly string[];
  /** What excludes them, in words (empty when none is newer). */
  readonly text: string;
  /** A plan with a newer version, when one exists after all (then `text` says what changes). */
  readonly possible: PlanChange | null;
}
