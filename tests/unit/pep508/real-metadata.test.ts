// Every requires_dist string of the index snapshots in ../shared/data/indexes must parse
// (at least 99.9% of them; the rest is broken metadata that packaging rejects as well).
import { sharedDataDir } from '../../../src/cli/files.ts';
import { resolve } from 'node:path';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

import {
  InvalidRequirementError,
  formatRequirement,
  parseRequirement,
  type Requirement,
} from '../../../src/core/pep508/index.ts';

const INDEXES = `${sharedDataDir() ?? resolve('../shared/data')}/indexes/`;

interface Snapshot {
  projects?: Record<string, { versions?: Record<string, { requires_dist?: string[] | null }> }>;
}

function* requiresDist(): Generator<{ file: string; project: string; version: string; text: string }> {
  for (const file of readdirSync(INDEXES).filter((f) => f.endsWith('.json')).sort()) {
    const snapshot = JSON.parse(readFileSync(INDEXES + file, 'utf8')) as Snapshot;
    for (const [project, { versions = {} }] of Object.entries(snapshot.projects ?? {})) {
      for (const [version, { requires_dist }] of Object.entries(versions)) {
        for (const text of requires_dist ?? []) yield { file, project, version, text };
      }
    }
  }
}

describe.skipIf(!existsSync(INDEXES))('requires_dist of ../shared/data/indexes (skipped when ../shared is absent)', () => {
  it('parses at least 99.9% of the strings, and the canonical text reads back the same', () => {
    let total = 0;
    const failures: string[] = [];
    const cache = new Map<string, Requirement | string>();
    for (const { file, project, version, text } of requiresDist()) {
      total++;
      let parsed = cache.get(text);
      if (parsed === undefined) {
        try {
          parsed = parseRequirement(text);
          const again = parseRequirement(formatRequirement(parsed));
          expect({ ...again, text: '' }).toEqual({ ...parsed, text: '' });
        } catch (e) {
          if (!(e instanceof InvalidRequirementError)) throw e;
          parsed = e.message;
        }
        cache.set(text, parsed);
      }
      if (typeof parsed === 'string') failures.push(`${file} ${project} ${version}: ${JSON.stringify(text)}: ${parsed}`);
    }

    expect(total).toBeGreaterThan(10_000);
    const rate = (total - failures.length) / total;
    // On failure, the message lists every string that did not parse, with the reason.
    expect(rate, `${failures.length} of ${total} did not parse:\n${failures.join('\n')}`).toBeGreaterThanOrEqual(0.999);
  });

  // The strings that don't parse, all broken metadata: packaging 26.2 rejects each of them
  // too. [text, column, part of the reason]
  const KNOWN_BAD: readonly (readonly [string, number, string])[] = [
    ['pytz>=2011k', 11, "unknown segment 'k'"], // an old calendar-style version, not PEP 440
    ['tinycss2>=1.1.0<1.2; extra == "css"', 16, "unexpected '<'"], // missing comma
    ['pyarrow>=1.0.0<4.0.0', 15, "unexpected '<'"], // missing comma
    ["botocore>=1.3.0,<1.4.0',", 23, "unexpected '''"], // a stray quote from setup.py
    ['aniso8601<=6.0.*,>=3', 15, "'.*' (prefix matching) is only allowed with == and !="],
    ['matplotlib-inline (<0.2.0appnope,>=0.1.0) ; platform_system == "Darwin"', 27, "unknown segment 'ppnope'"], // two names glued
    ['setuptools (>=18.5decorator)', 19, "unknown segment 'decorator'"], // two names glued
    [`importlib-metadata (>='4.4') ; python_version < "3.10"`, 23, 'a version starts with a number'],
    ['jupyter-core!=~5.0,>=4.12', 15, 'a version starts with a number'],
    // an extra name that swallowed a marker: extra == "secure;python_version<="2.7""
    ['pyOpenSSL; extra == "secure;python_version<="2.7""', 46, "found '2.7'"],
    ['ndg-httpsclient; extra == "secure;python_version<="2.7""', 52, "found '2.7'"],
    ['pyasn1; extra == "secure;python_version<="2.7""', 43, "found '2.7'"],
    ['certifi; extra == "secure;python_version<="2.7""', 44, "found '2.7'"],
    ['certifi; extra == "secure;python_version>"2.7""', 43, "found '2.7'"],
    ['pyOpenSSL; extra == "secure;python-version<="2-7""', 46, "found '2-7'"],
    ['ndg-httpsclient; extra == "secure;python-version<="2-7""', 52, "found '2-7'"],
    ['pyasn1; extra == "secure;python-version<="2-7""', 43, "found '2-7'"],
    ['certifi; extra == "secure;python-version<="2-7""', 44, "found '2-7'"],
    ['certifi; extra == "secure;python-version>"2-7""', 43, "found '2-7'"],
  ];

  it('rejects exactly the known broken strings, each with its column and reason', () => {
    const bad = new Map<string, InvalidRequirementError>();
    for (const { text } of requiresDist()) {
      if (bad.has(text)) continue;
      try {
        parseRequirement(text);
      } catch (e) {
        if (!(e instanceof InvalidRequirementError)) throw e;
        bad.set(text, e);
      }
    }
    expect([...bad.keys()].sort()).toEqual(KNOWN_BAD.map(([text]) => text).sort());
    for (const [text, column, reason] of KNOWN_BAD) {
      expect(bad.get(text)?.column, text).toBe(column);
      expect(bad.get(text)?.reason, text).toContain(reason);
    }
  });
});
