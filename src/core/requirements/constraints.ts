/**
 * pip's constraints files (`-c FILE`, `--constraint FILE`): requirements-file syntax whose lines
 * limit the versions of a project without ever adding it. pip 20.3+ accepts only a name and a
 * version specifier (and a marker) there; extras, URLs and editables are errors, as in pip's
 * `check_invalid_constraint_type` (pip/_internal/resolution/resolvelib/resolver.py, 23.2).
 */
import type { Requirement } from '../pep508/requirement.ts';
import type { VariableLookup } from './logical-lines.ts';
import { parseRequirementsTxt, type FileReference, type IndexOptionLine, type Problem } from './requirements-txt.ts';

/** A constraint: a named requirement without extras, and where it was written. */
export interface Constraint {
  readonly requirement: Requirement;
  /** For messages: `constraints.txt, line 3`; null when given without a file. */
  readonly source: string | null;
}

export interface ConstraintsFile {
  readonly constraints: readonly Constraint[];
  readonly problems: readonly Problem[];
  /**
   * Files its `-c` and `-r` lines name, when the caller reads files (`follow`): pip reads both as
   * constraints too. Otherwise they are problems.
   */
  readonly files: readonly FileReference[];
  /** Its index options in the order written: pip applies them as it reads the file. */
  readonly indexOptions: readonly IndexOptionLine[];
  /** A `--pre` line: pip allows pre-releases everywhere, whichever file says so. */
  readonly pre: boolean;
}

/** Reads a constraints file; never throws. `source` names it in messages and problems. */
export function parseConstraints(text: string, source?: string, options: { follow?: boolean; environment?: VariableLookup } = {}): ConstraintsFile {
  const parsed = parseRequirementsTxt(text, source, {
    followConstraints: options.follow,
    followIncludes: options.follow,
    // A caller that follows files reads their index options too (the command line).
    readsExtraIndexes: options.follow,
    ...(options.environment ? { environment: options.environment } : {}),
  });
  const problems: Problem[] = [...parsed.problems];
  const constraints: Constraint[] = [];
  for (const line of parsed.requirements) {
    const where = { line: line.line, column: line.column, ...(source === undefined ? {} : { source }) };
    if (line.requirement.extras.length > 0) {
      problems.push({ ...where, severity: 'error', message: `a constraint can't have extras ('${line.text}'): write '${line.requirement.name}' and its versions only` });
      continue;
    }
    constraints.push({ requirement: line.requirement, source: `${source ?? 'constraints'}, line ${line.line}` });
  }
  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  const files = [...parsed.constraintFiles, ...parsed.includeFiles].sort((a, b) => a.line - b.line);
  return { constraints, problems, files, indexOptions: parsed.options.indexOptions, pre: parsed.options.pre };
}
