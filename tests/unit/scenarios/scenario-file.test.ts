import { describe, expect, it } from 'vitest';
import {
  checkScenario,
  parseScenarioFile,
  parseScenarioLibrary,
  scenarioRequest,
  serializeScenarioFile,
  ScenarioFileError,
  type PipetteScenario,
} from '../../../src/core/export/scenario-file.ts';
import { FieldError } from '../../../src/core/export/fields.ts';

function scenario(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    format: 'pipette-scenario/1',
    id: 'flask-case',
    title: 'Flask case',
    description: 'Two versions of Flask.',
    requirements: 'flask>=2\n',
    target: { python: '3.11', os: 'linux' },
    options: { policy: 'uv' },
    index: {
      format: 'index-snapshot/1',
      source: 'test',
      projects: {
        flask: {
          versions: {
            '1.1.4': { requires_dist: ['Werkzeug<2.0,>=0.15', 'click<8.0,>=5.1'] },
            '2.0.0': { requires_dist: ['Werkzeug>=2.0', 'click>=7.1.2'], requires_python: '>=3.6', upload_time: '2021-05-11T21:12:09Z' },
          },
        },
        werkzeug: { versions: { '2.0.0': {} } },
        click: { versions: { '8.0.0': { yanked: 'broke everything' } } },
      },
    },
    ...overrides,
  };
}

/** `scenario()` with one value replaced at a dotted path (keys may contain dots: give them as a list). */
function withValue(path: readonly string[], value: unknown): string {
  const root = structuredClone(scenario());
  let node = root as Record<string, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  if (value === undefined) delete node[path.at(-1)!];
  else node[path.at(-1)!] = value;
  return JSON.stringify(root);
}

function errorOf(text: string): ScenarioFileError {
  try {
    parseScenarioFile(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioFileError);
    return error as ScenarioFileError;
  }
  throw new Error('expected the scenario to be rejected');
}

const FLASK_2 = ['index', 'projects', 'flask', 'versions', '2.0.0'];

describe('parseScenarioFile', () => {
  it('accepts a well-formed scenario and returns it unchanged', () => {
    expect(parseScenarioFile(JSON.stringify(scenario()))).toEqual(scenario());
  });

  it.each([
    ['a bad requirement', [...FLASK_2, 'requires_dist'], ['Werkzeug>=2.0', 'click>=>7'], 'index.projects.flask.versions.2.0.0.requires_dist[1]', /not a valid requirement/],
    ['a bad Requires-Python', [...FLASK_2, 'requires_python'], '>=3.6,>>3', 'index.projects.flask.versions.2.0.0.requires_python', /invalid version specifier/],
    ['a bad wheel tag', [...FLASK_2, 'wheel_tags'], ['py3-none'], 'index.projects.flask.versions.2.0.0.wheel_tags[0]', /three parts/],
    ['a bad upload time', [...FLASK_2, 'upload_time'], 'yesterday', 'index.projects.flask.versions.2.0.0.upload_time', /ISO 8601/],
    ['a bad yanked value', [...FLASK_2, 'yanked'], 1, 'index.projects.flask.versions.2.0.0.yanked', /reason as a string/],
    ['a misspelt release field', [...FLASK_2, 'requires-dist'], [], 'index.projects.flask.versions.2.0.0.requires-dist', /unknown field; expected one of requires_dist/],
    ['a bad extra name', [...FLASK_2, 'provides_extra'], ['ok', 'not ok'], 'index.projects.flask.versions.2.0.0.provides_extra[1]', /not a valid extra name/],
    ['a non-boolean sdist', [...FLASK_2, 'sdist'], 'yes', 'index.projects.flask.versions.2.0.0.sdist', /true or false/],
    ['an invalid version', ['index', 'projects', 'flask', 'versions', 'latest'], {}, 'index.projects.flask.versions.latest', /not a valid PEP 440 version/],
    ['the same version twice', ['index', 'projects', 'flask', 'versions', '2.0'], {}, 'index.projects.flask.versions.2.0', /the same version as "2.0.0"/],
    ['the same project twice', ['index', 'projects', 'Flask'], { versions: {} }, 'index.projects.Flask', /the same project as "flask"/],
    ['a bad project name', ['index', 'projects', '-flask'], { versions: {} }, 'index.projects.-flask', /not a valid project name/],
    ['a bad project status', ['index', 'projects', 'werkzeug', 'status'], 'gone', 'index.projects.werkzeug.status', /expected one of "active"/],
    ['a project without versions', ['index', 'projects', 'werkzeug', 'versions'], undefined, 'index.projects.werkzeug.versions', /expected an object, found nothing/],
    ['a wrong index format', ['index', 'format'], 'index-snapshot/2', 'index.format', /expected "index-snapshot\/1"/],
    ['a bad scenario id', ['id'], 'Flask Case', 'id', /lower-case letters, digits and single dashes/],
    ['an empty title', ['title'], '  ', 'title', /must not be empty/],
    ['a missing description', ['description'], undefined, 'description', /expected a string, found nothing/],
    ['a bad target Python', ['target', 'python'], '3', 'target.python', /bad Python version "3"/],
    ['a bad target OS', ['target', 'os'], 'darwin', 'target.os', /expected one of "linux", "macos", "windows"/],
    ['an architecture of another OS', ['target'], { os: 'windows', arch: 's390x' }, 'target.arch', /expected an architecture of windows/],
    ['an unknown target field', ['target', 'libc'], 'musl', 'target.libc', /unknown field/],
    ['a bad policy', ['options', 'policy'], 'poetry', 'options.policy', /expected one of "pip", "uv"/],
    ['a non-boolean prereleases option', ['options', 'prereleases'], 'yes', 'options.prereleases', /true or false/],
    ['an unknown top-level field', ['kind'], 'success', 'kind', /unknown field/],
    ['a missing target', ['target'], undefined, 'target', /expected an object/],
  ] as const)('rejects %s, saying where', (_, path, value, where, why) => {
    const error = errorOf(withValue(path, value));
    expect(error.path).toBe(where);
    expect(error.reason).toMatch(why);
    expect(error.message).toBe(`${where}: ${error.reason}`);
  });

  it('reports a broken requirements line with its line and column', () => {
    const error = errorOf(withValue(['requirements'], 'flask>=2\nrequests[socks\n'));
    expect(error.path).toBe('requirements');
    expect(error.reason).toMatch(/^line 2, column \d+: /);
  });

  it('tells a newer scenario format from a file that is not a scenario', () => {
    expect(errorOf(withValue(['format'], 'pipette-scenario/2')).reason).toMatch(/format this version of Pipette does not read/);
    expect(errorOf(withValue(['format'], 'index-snapshot/1')).reason).toMatch(/expected "pipette-scenario\/1"/);
  });

  it('rejects text that is not JSON, or not an object', () => {
    expect(errorOf('{"format": ').reason).toMatch(/not valid JSON/);
    expect(errorOf('[1, 2]').reason).toMatch(/expected an object, found a list/);
  });

  it('refuses files over the size limit before parsing them', () => {
    const error = (() => {
      try {
        parseScenarioFile(JSON.stringify(scenario()), 100);
      } catch (e) {
        return e as ScenarioFileError;
      }
      return null;
    })();
    expect(error?.reason).toMatch(/characters long, over the limit of 100/);
  });

  it('exposes the same checks for values already parsed, as FieldError', () => {
    expect(() => checkScenario({ ...scenario(), id: 7 })).toThrow(FieldError);
    expect(checkScenario(scenario())).toEqual(scenario());
  });
});

describe('serializeScenarioFile', () => {
  it('round-trips, with fields in the format order and one line per release', () => {
    const parsed = parseScenarioFile(JSON.stringify(scenario()));
    const text = serializeScenarioFile(parsed);
    expect(parseScenarioFile(text)).toEqual(parsed);
    expect(text.endsWith('}\n')).toBe(true);
    expect(Object.keys(JSON.parse(text))).toEqual(['format', 'id', 'title', 'description', 'requirements', 'target', 'options', 'index']);
    expect(text).toContain('"2.0.0": { "requires_dist": ["Werkzeug>=2.0", "click>=7.1.2"], "requires_python": ">=3.6", "upload_time": "2021-05-11T21:12:09Z" }');
    expect(serializeScenarioFile(parseScenarioFile(text))).toBe(text);
  });

  it('keeps field order canonical whatever order the object was built in', () => {
    const { index, ...rest } = parseScenarioFile(JSON.stringify(scenario()));
    const shuffled = { index, ...rest } as PipetteScenario;
    expect(serializeScenarioFile(shuffled)).toBe(serializeScenarioFile(parseScenarioFile(JSON.stringify(scenario()))));
  });
});

describe('scenarioRequest', () => {
  it('gives the parsed requirements, the full target and the options with their defaults', () => {
    const request = scenarioRequest(parseScenarioFile(JSON.stringify(scenario())));
    expect(request.requirements.map((r) => r.text)).toEqual(['flask>=2']);
    expect(request.target).toMatchObject({ python: '3.11.0', os: 'linux', arch: 'x86_64', implementation: 'cpython' });
    expect(request.policy).toBe('uv');
    expect(request.prereleases).toBe(false);
  });

  it('turns pre-releases on for --pre in the requirements text', () => {
    const request = scenarioRequest(parseScenarioFile(withValue(['requirements'], '--pre\nflask\n')));
    expect(request.prereleases).toBe(true);
  });
});

describe('parseScenarioLibrary', () => {
  const entry = { id: 'yanked', title: 'Yanked', kind: 'yanked', description: 'A yanked release.', file: 'yanked.json' };
  const error = (list: unknown): ScenarioFileError => {
    try {
      parseScenarioLibrary(JSON.stringify(list));
    } catch (e) {
      return e as ScenarioFileError;
    }
    throw new Error('expected the library to be rejected');
  };

  it('reads a list of entries', () => {
    expect(parseScenarioLibrary(JSON.stringify([entry]))).toEqual([entry]);
  });

  it.each([
    ['an unknown kind', [{ ...entry, kind: 'weird' }], '[0].kind'],
    ['an id listed twice', [entry, { ...entry, title: 'Again' }], '[1].id'],
    ['a file outside the folder', [{ ...entry, file: '../secrets.json' }], '[0].file'],
    ['a file that is not JSON', [{ ...entry, file: 'yanked.toml' }], '[0].file'],
    ['an unknown field', [{ ...entry, extra: 1 }], '[0].extra'],
  ])('rejects %s', (_, list, where) => {
    expect(error(list).path).toBe(where);
  });

  it('rejects a library that is not a list', () => {
    expect(error({ scenarios: [] }).reason).toMatch(/expected a list of scenarios/);
  });
});
