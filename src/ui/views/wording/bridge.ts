/** The wording lab's calls into the resolver worker (the same worker as the playground's). */
import { proxy } from 'comlink';
import { call } from '../../../worker/client.ts';
import type { GridAnswer, GridRequest, SuiteInfo, SuiteProgress, SuiteSource } from '../../../worker/wording.ts';
import type { RenderedMessage, Verbosity, Voice, WordingVariant } from '../../../core/index.ts';

export type { GridAnswer, GridRequest, SuiteInfo, SuiteProgress, SuiteSource };
export type { DiffPart } from '../../../worker/wording.ts';

export const wordingWorker = {
  loadSuite(source: SuiteSource, onProgress: (progress: SuiteProgress) => void): Promise<SuiteInfo> {
    return call(undefined, (api) => api.loadWordingSuite(source, proxy(onProgress)));
  },
  grid(request: GridRequest): Promise<GridAnswer> {
    return call(undefined, (api) => api.renderWordingGrid(request));
  },
  preview(suiteId: string, scenarioId: string, variant: WordingVariant, voice: Voice, verbosity: Verbosity): Promise<RenderedMessage & { kind: string }> {
    return call(undefined, (api) => api.previewWording(suiteId, scenarioId, variant, voice, verbosity));
  },
  exportText(suiteId: string | null, variant: WordingVariant, format: 'po' | 'catalogue'): Promise<string> {
    return call(undefined, (api) => api.wordingExport(suiteId, variant, format));
  },
};
