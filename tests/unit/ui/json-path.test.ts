import { describe, expect, it } from 'vitest';
import { locateJsonPath } from '../../../src/ui/components/IndexPanel/json-path.ts';

const text = JSON.stringify(
  { format: 'index-snapshot/1', projects: { flask: { versions: { '2.0.1': { requires_dist: ['click', 42] }, '2': { yanked: 7 } } } } },
  null,
  2,
);

const at = (path: string) => {
  const span = locateJsonPath(text, path);
  return span ? text.slice(span.from, span.to) : null;
};

describe('locateJsonPath', () => {
  it.each([
    ['format', '"format": "index-snapshot/1"'],
    ['projects.flask.versions.2.0.1.requires_dist[1]', '42'],
    ['projects.flask.versions.2.yanked', '"yanked": 7'],
  ])('%s', (path, expected) => {
    expect(at(path)).toBe(expected);
  });

  it('takes the longest key when versions hold dots', () => {
    expect(at('projects.flask.versions.2.0.1')).toBe('"2.0.1"');
  });

  it('points at the object when the member is missing', () => {
    expect(at('projects.django')).toBe('{');
  });

  it('gives up on text that is not JSON', () => {
    expect(locateJsonPath('{"a": ', 'a')).toBeNull();
  });
});
