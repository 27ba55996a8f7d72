/**
 * pip 23.2.1, `pip/_internal/resolution/resolvelib/reporter.py`: `PipReporter`, which
 * counts rejected candidates per project and says so at the 1st, 8th and 13th ("INFO: pip
 * is looking at multiple versions of X ..."). The "Will try a different candidate" detail is
 * a debug message, not shown by default, so it is not printed here.
 */
import { BaseReporter, type RequirementInformation } from '../resolvelib/providers.ts';
import type { PipCandidate } from './candidates.ts';
import type { PipLog } from './log.ts';
import type { PipRequirement } from './requirements.ts';

const MESSAGES_AT_REJECT_COUNT: Readonly<Record<number, string>> = {
  1: 'pip is looking at multiple versions of {package_name} to determine which version is compatible with other requirements. This could take a while.',
  8: 'pip is still looking at multiple versions of {package_name} to determine which version is compatible with other requirements. This could take a while.',
  13: 'This is taking longer than usual. You might need to provide the dependency resolver with stricter constraints to reduce runtime. See https://pip.pypa.io/warnings/backtracking for guidance. If you want to abort this run, press Ctrl + C.',
};

export class PipReporter extends BaseReporter<PipRequirement, PipCandidate> {
  readonly rejectCountByPackage = new Map<string, number>();
  rejections = 0;
  pins = 0;
  backtracks = 0;

  constructor(
    private readonly log: PipLog,
    private readonly onRound?: (index: number) => void,
  ) {
    super();
  }

  override startingRound(index: number): void {
    this.onRound?.(index);
  }

  override pinning(): void {
    this.pins++;
  }

  override resolvingConflicts(_causes: readonly RequirementInformation<PipRequirement, PipCandidate>[]): void {
    this.backtracks++;
  }

  override rejectingCandidate(_criterion: unknown, candidate: PipCandidate): void {
    this.rejections++;
    const count = (this.rejectCountByPackage.get(candidate.name) ?? 0) + 1;
    this.rejectCountByPackage.set(candidate.name, count);
    const message = MESSAGES_AT_REJECT_COUNT[count];
    if (message) this.log.info(`INFO: ${message.replace('{package_name}', candidate.name)}`);
  }
}
