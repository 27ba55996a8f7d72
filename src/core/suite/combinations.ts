/** Combinations from lists of engines, policies, Pythons and platforms: every one with every other. */
import { isEngineName, type EngineName } from '../engines/index.ts';
import { parsePlatformSpec, makeTarget } from '../environment/index.ts';
import { POLICIES, type Policy } from '../solver/index.ts';
import type { Combination } from './model.ts';

export class CombinationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CombinationError';
  }
}

export interface CombinationChoice {
  readonly engines: readonly string[];
  readonly policies: readonly string[];
  /** Empty: each scenario's own. */
  readonly pythons: readonly string[];
  readonly platforms: readonly string[];
}

/** Every engine × policy × Python × platform; names are checked, engines need not be registered. */
export function crossCombinations(choice: CombinationChoice): Combination[] {
  const engines = choice.engines.map((e) => {
    if (!isEngineName(e)) throw new CombinationError(`engine ${JSON.stringify(e)}: expected pubgrub, pip or legacy`);
    return e as EngineName;
  });
  const policies = choice.policies.map((p) => {
    if (!POLICIES.includes(p as Policy)) throw new CombinationError(`policy ${JSON.stringify(p)}: expected ${POLICIES.join(' or ')}`);
    return p as Policy;
  });
  const pythons = choice.pythons.map((p) => {
    try {
      makeTarget({ python: p });
    } catch (error) {
      throw new CombinationError(`python ${JSON.stringify(p)}: ${(error as Error).message}`);
    }
    return p;
  });
  const platforms = choice.platforms.map((p) => {
    try {
      parsePlatformSpec(p);
    } catch (error) {
      throw new CombinationError(`platform ${JSON.stringify(p)}: ${(error as Error).message}`);
    }
    return p;
  });
  const out: Combination[] = [];
  for (const engine of engines.length ? engines : (['pubgrub'] as const)) {
    for (const policy of policies.length ? policies : (['pip'] as const)) {
      for (const python of pythons.length ? pythons : [null]) {
        for (const platform of platforms.length ? platforms : [null]) out.push({ engine, policy, python, platform });
      }
    }
  }
  return out;
}
