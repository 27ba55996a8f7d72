/** PyPI's JSON API `vulnerabilities` read as advisories, and fetched for the releases of a plan. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AdvisoryIndex } from '../../../src/core/index.ts';
import { fetchReleaseVulnerabilities, parseJsonApiVulnerabilities } from '../../../src/sources/index.ts';
import { PYPI_RESPONSES } from '../../support/shared-data.ts';

// The shape PyPI documents (https://docs.pypi.org/api/json/#known-vulnerabilities).
const ANSWER = {
  info: { name: 'urllib3', version: '1.26.16' },
  vulnerabilities: [
    {
      aliases: ['CVE-2023-43804', 'GHSA-v845-jxx5-vc9f'],
      details: 'urllib3 does not treat the Cookie header specially. More text.',
      summary: null,
      fixed_in: ['1.26.17', '2.0.6'],
      id: 'PYSEC-2023-192',
      link: 'https://osv.dev/vulnerability/PYSEC-2023-192',
      source: 'osv',
      withdrawn: null,
    },
  ],
};

describe('parseJsonApiVulnerabilities', () => {
  it('reads each record: id, aliases, summary from the details, fixes above the release only', () => {
    const [advisory] = parseJsonApiVulnerabilities(ANSWER, 'https://pypi.org/pypi/urllib3/1.26.16/json', 'urllib3', '1.26.16');
    const index = new AdvisoryIndex([advisory!]);
    const [hit] = index.affecting('urllib3', '1.26.16');
    expect(hit).toMatchObject({ id: 'PYSEC-2023-192', aliases: ['CVE-2023-43804', 'GHSA-v845-jxx5-vc9f'], summary: 'urllib3 does not treat the Cookie header specially.', fixed: ['1.26.17', '2.0.6'], url: 'https://osv.dev/vulnerability/PYSEC-2023-192' });
    // Held from the release it was reported for up to its fix; not before it.
    expect(index.affecting('urllib3', '1.26.16.post1')).toHaveLength(1);
    expect(index.affecting('urllib3', '1.26.17')).toHaveLength(0);
    expect(index.affecting('urllib3', '1.26.15')).toHaveLength(0);
  });

  it('a fix on an older branch closes no range from a newer release', () => {
    const [advisory] = parseJsonApiVulnerabilities({ vulnerabilities: [{ id: 'X', fixed_in: ['1.26.18', '2.0.7'] }] }, 'u', 'urllib3', '2.0.5');
    expect(advisory!.affected[0]!.ranges!.map((r) => r.events.map((e) => e.version))).toEqual([['2.0.5', '2.0.7']]);
  });

  it('a malformed answer says where', () => {
    expect(() => parseJsonApiVulnerabilities({ vulnerabilities: {} }, 'https://pypi.org/pypi/x/1/json', 'x', '1')).toThrow(/at vulnerabilities\): expected a list/);
    expect(() => parseJsonApiVulnerabilities({ vulnerabilities: [{ id: 3 }] }, 'u', 'x', '1')).toThrow(/vulnerabilities\[0\]\.id/);
  });

  it.skipIf(!PYPI_RESPONSES)('reads the recorded PyPI answers of ../shared/data (their lists are empty; skipped when ../shared/data/pypi-responses is absent)', () => {
    const dir = join(PYPI_RESPONSES!, 'pypi_response');
    const files = readdirSync(dir).filter((f) => f.endsWith('_json.json'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const data = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { info: { name: string; version: string } };
      expect(parseJsonApiVulnerabilities(data, file, data.info.name, data.info.version)).toEqual([]);
    }
  });
});

describe('fetchReleaseVulnerabilities', () => {
  it('asks the JSON API once per release and keeps going past a failure', async () => {
    const asked: string[] = [];
    const result = await fetchReleaseVulnerabilities(
      'https://pypi.org/pypi/',
      [{ name: 'urllib3', version: '1.26.16' }, { name: 'Broken_Name', version: '1.0' }],
      async (url) => {
        asked.push(url);
        if (url.includes('broken')) throw new Error('HTTP 503');
        return ANSWER;
      },
    );
    expect(asked.sort()).toEqual(['https://pypi.org/pypi/broken-name/1.0/json', 'https://pypi.org/pypi/urllib3/1.26.16/json']);
    expect(result.advisories.map((a) => a.id)).toEqual(['PYSEC-2023-192']);
    expect(result.failures).toEqual(['Broken_Name 1.0: HTTP 503']);
  });
});
