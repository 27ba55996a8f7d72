/**
 * Permalinks: what is on screen (requirements, environment, and the scenario's index, by id
 * when it is bundled, by URL and "as of" date when it is live, inline otherwise) compressed
 * into the URL fragment, and back. The codec (size limits, checks) is the core's; this module
 * maps it to the page's state. Loaded lazily.
 */
import { engineChoice } from '../../state/engine-choice.svelte.ts';
import { decodePermalink, encodePermalink, PERMALINK_VERSION, PermalinkError, type IndexSnapshotJson, type PermalinkState } from '../../../core/export/index.ts';
import { signature } from '../../../cache/bundled.ts';
import { resolver } from '../../../worker/client.ts';
import { linkFailureMessage } from './link-message.ts';
import { resolveOpened } from '../../state/actions.ts';
import { environment } from '../../state/environment.svelte.ts';
import { library } from '../../state/library.svelte.ts';
import { checkIndexUrl, DEFAULT_LIVE_SETTINGS, pickerFor } from '../../state/live-index-choice.ts';
import { liveIndex } from '../../state/live-index.svelte.ts';
import { notices } from '../../state/notices.svelte.ts';
import { run } from '../../state/run.svelte.ts';
import { workspace } from '../../state/workspace.svelte.ts';
import { wordingLab } from '../../views/wording/lab.svelte.ts';

const BUNDLED = 'bundled:';

async function scenarioRef(): Promise<PermalinkState['scenario']> {
  const indexId = workspace.indexId;
  if (!indexId) return null;
  const live = liveIndex.decision;
  if (live) {
    // The offline switch stays behind: it is about this browser's cache, not the scenario.
    if (!live.ok) throw new Error(live.reason);
    return { kind: 'live', url: live.value.url, asOf: live.value.asOf };
  }
  // On a first visit a bundled scenario is usable before the library's list of indexes is read again.
  const bundled = library.indexById(indexId)?.origin === 'bundled' || library.scenarios.some((s) => s.origin === 'bundled' && s.indexId === indexId);
  if (indexId.startsWith(BUNDLED) && bundled) return { kind: 'bundled', id: indexId.slice(BUNDLED.length) };
  // The codec checks the snapshot's shape before encoding.
  const snapshot: unknown = library.unsavedSnapshot(indexId) ?? JSON.parse(await resolver.snapshotText(indexId));
  return { kind: 'inline', index: snapshot as IndexSnapshotJson };
}

/** The permalink of what is on screen. Throws PermalinkError (too large: export a file instead). */
export async function makePermalink(): Promise<string> {
  const env = environment.snapshot();
  const state: PermalinkState = {
    v: PERMALINK_VERSION,
    requirements: workspace.text,
    format: workspace.format === 'pyproject' ? 'pyproject' : 'requirements.txt',
    target: { python: env.python, os: env.os, arch: env.arch, implementation: env.implementation, markerOverrides: env.markerOverrides },
    policy: env.policy,
    prereleases: env.prereleases,
    scenario: await scenarioRef(),
    ...(engineChoice.engine === 'pubgrub' ? {} : { engine: engineChoice.engine }),
    ...(wordingLab.activeVariant ? { wording: wordingLab.activeVariant } : {}),
  };
  return `${location.origin}${location.pathname}#${encodePermalink(state)}`;
}

/** `waiting`: the link names a bundled scenario that is not loaded yet; try again once it is. */
export type PermalinkOutcome = 'opened' | 'waiting' | 'failed';

export async function openPermalink(fragment: string): Promise<PermalinkOutcome> {
  let state: PermalinkState;
  try {
    state = decodePermalink(fragment);
  } catch (error) {
    notices.push('error', linkFailureMessage(error));
    return 'failed';
  }
  let indexId = workspace.indexId;
  let title = 'Scenario from a link';
  let description = '';
  let scenarioId: string | null = null;
  let liveNote = '';
  if (state.scenario?.kind === 'bundled') {
    const record = library.byId(`${BUNDLED}${state.scenario.id}`);
    if (!record && !library.ready) return 'waiting';
    if (record) {
      indexId = record.indexId;
      title = record.title;
      description = record.description;
      scenarioId = record.id;
    } else {
      notices.push('warning', `The link names the bundled scenario “${state.scenario.id}”, which this version of Pipette does not have; the current index is used.`);
    }
  } else if (state.scenario?.kind === 'live') {
    const url = checkIndexUrl(state.scenario.url);
    if (!url.ok) {
      notices.push('error', `This link could not be opened: its index URL is not usable: ${url.reason}`);
      return 'failed';
    }
    const picker = pickerFor(url.value);
    indexId = picker.indexId;
    liveIndex.restore({ ...liveIndex.settings(), customUrl: picker.customUrl ?? liveIndex.customUrl, asOf: state.scenario.asOf ?? DEFAULT_LIVE_SETTINGS.asOf });
    liveNote = ` It resolves against the live index ${url.value}${state.scenario.asOf ? ` as of ${state.scenario.asOf}` : ''}: Pipette reads from it only when you press Resolve.`;
  } else if (state.scenario?.kind === 'inline') {
    const text = JSON.stringify(state.scenario.index);
    // The same link opened twice reuses one stored index.
    indexId = `link:${signature(text)}`;
    const saved = await resolver.saveIndex(indexId, 'Index from a link', text, 'imported');
    if (saved.storageError) {
      library.keepIndexInMemory({ ...saved.index, snapshot: state.scenario.index as unknown as Record<string, unknown> });
      notices.push('warning', `${saved.storageError} The link's index is used for this session only.`);
    }
    await library.reload().catch(() => undefined);
  }
  if (state.wording) await wordingLab.adopt(state.wording, 'The link');
  run.reset();
  workspace.replaceText(state.requirements, state.format === 'pyproject' ? 'pyproject' : 'requirements');
  workspace.indexId = indexId;
  workspace.scenarioId = scenarioId;
  workspace.title = title;
  workspace.description = description;
  workspace.markOpened();
  environment.restore({
    python: state.target.python,
    os: state.target.os,
    arch: state.target.arch,
    implementation: state.target.implementation,
    markerOverrides: state.target.markerOverrides ?? {},
    policy: state.policy,
    prereleases: state.prereleases,
  });
  engineChoice.engine = state.engine ?? 'pubgrub';
  // Later edits are the person's own: a reload shows them (from the draft), not the link again.
  history.replaceState(null, '', `${location.pathname}${location.search}`);
  notices.push('info', `Opened the scenario from the link.${liveNote}`);
  resolveOpened(false);
  return 'opened';
}
