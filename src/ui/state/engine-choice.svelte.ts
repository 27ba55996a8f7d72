/** Which resolver answers a resolve: the complete one (default), pip 23.2's, or pip 20.2's. */
import type { EngineName } from '../../core/index.ts';

class EngineChoice {
  engine = $state<EngineName>('pubgrub');
}

export const engineChoice = new EngineChoice();
