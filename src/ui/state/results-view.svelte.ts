/** Which result view is showing. */
export const RESULT_TABS = ['plan', 'tree', 'conflict', 'terminal', 'engines', 'export'] as const;
export type ResultTab = (typeof RESULT_TABS)[number];

class ResultsView {
  tab = $state<ResultTab>('plan');
}

export const resultsView = new ResultsView();
