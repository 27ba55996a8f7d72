/** Which result view is showing. */
export const RESULT_TABS = ['plan', 'tree', 'conflict', 'terminal', 'engines', 'export'] as const;
export type ResultTab = (typeof RESULT_TABS)[number];

class ResultsView {
  tab = $state<ResultTab>('plan');
  /** Bumped when the person asked for a result: the results panel then scrolls into view if it is out of sight. */
  revealRequest = $state(0);

  reveal(): void {
    this.revealRequest++;
  }
}

export const resultsView = new ResultsView();
