/**
 * Generates public/scenarios/backtracking.json, the deep-backtracking scenario of the bundled
 * library: `npx tsx scripts/generate-backtracking-scenario.ts`. The output is deterministic
 * (seeded); tests/unit/scenarios checks that the committed file is what this script writes.
 *
 * The index is synthetic, modelled on Dagster's release train: a weekly `dagster` release,
 * libraries (`dagster-aws`, `dagster-postgres`...) released with it and pinning it exactly,
 * `dagster-webserver` pinning `dagster` and `dagster-graphql`, and `dagit` left behind as a
 * shim that pins `dagster-webserver` after the 1.4 rename. The user also caps
 * typing-extensions below 4.6 (as TensorFlow 2.13 does), which no release from 1.4 on accepts
 * in this history. Because of the exact pins, each rejected `dagit` release needs a
 * backtrack of its own: PubGrub learns nothing from one release that rules out the next.
 *
 * Version numbers follow the real schemes (libraries are `0.(minor+16).patch` from 1.0 on);
 * dates, patch counts and the dependency cut-overs are invented, not copied from PyPI.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SCENARIO_FORMAT, serializeScenarioFile, type PipetteScenario } from '../src/core/export/scenario-file.ts';
import type { SnapshotProjectJson, SnapshotReleaseJson } from '../src/core/export/fields.ts';

export const BACKTRACKING_SEED = 20240808;

/** mulberry32: a small, well-mixed 32-bit generator; the same seed gives the same index. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 24 * 60 * 60 * 1000;

/** Each minor series: its first release day (a Thursday) and about how many weekly patches followed. */
const SERIES: readonly { readonly major: number; readonly minor: number; readonly start: string; readonly patches: number }[] = [
  { major: 0, minor: 12, start: '2021-07-08', patches: 16 },
  { major: 0, minor: 13, start: '2021-10-21', patches: 20 },
  { major: 0, minor: 14, start: '2022-02-24', patches: 21 },
  { major: 0, minor: 15, start: '2022-06-09', patches: 9 },
  { major: 1, minor: 0, start: '2022-08-09', patches: 15 },
  { major: 1, minor: 1, start: '2022-11-17', patches: 17 },
  { major: 1, minor: 2, start: '2023-03-09', patches: 7 },
  { major: 1, minor: 3, start: '2023-04-20', patches: 13 },
  { major: 1, minor: 4, start: '2023-07-20', patches: 12 },
  { major: 1, minor: 5, start: '2023-10-05', patches: 13 },
  { major: 1, minor: 6, start: '2024-01-11', patches: 13 },
  { major: 1, minor: 7, start: '2024-04-17', patches: 15 },
  { major: 1, minor: 8, start: '2024-08-08', patches: 13 },
  { major: 1, minor: 9, start: '2024-10-10', patches: 13 },
  { major: 1, minor: 10, start: '2025-02-13', patches: 20 },
  { major: 1, minor: 11, start: '2025-06-26', patches: 12 },
];

/** The integration libraries the user lists; each release pins the dagster it was released with. */
export const LIBRARIES: readonly { readonly name: string; readonly requires: readonly string[] }[] = [
  { name: 'dagster-aws', requires: ['boto3'] },
  { name: 'dagster-postgres', requires: ['psycopg2-binary'] },
  { name: 'dagster-k8s', requires: ['kubernetes', 'google-auth!=2.23.1'] },
  { name: 'dagster-pandas', requires: ['pandas'] },
  { name: 'dagster-slack', requires: ['slack-sdk'] },
  { name: 'dagster-dbt', requires: ['dbt-core<1.9,>=1.5', 'Jinja2', 'networkx', 'orjson', 'requests', 'rich', 'sqlglot[rs]', 'typer>=0.9.0'] },
];

interface Release {
  readonly version: string;
  /** The libraries' version for this release: the same before 1.0, `0.(minor+16).patch` after. */
  readonly library: string;
  readonly major: number;
  readonly minor: number;
  readonly time: number;
}

function atLeast(release: Release, major: number, minor: number): boolean {
  return release.major > major || (release.major === major && release.minor >= minor);
}

function uploadTime(time: number, minutes: number): string {
  return new Date(time + (17 * 60 + minutes) * 60 * 1000).toISOString().replace('.000Z', 'Z');
}

export function buildBacktrackingScenario(seed = BACKTRACKING_SEED): PipetteScenario {
  const rng = random(seed);
  const releases: Release[] = [];
  for (const series of SERIES) {
    // A patch count near the real one, and now and then a week without a release.
    const patches = series.patches + Math.floor(rng() * 3) - 1;
    let time = Date.parse(series.start);
    for (let patch = 0; patch < patches; patch++) {
      const version = `${series.major}.${series.minor}.${patch}`;
      const library = series.major === 0 ? version : `0.${series.minor + 16}.${patch}`;
      releases.push({ version, library, major: series.major, minor: series.minor, time });
      time += (rng() < 0.12 ? 14 : 7) * DAY;
    }
  }

  const projects: Record<string, SnapshotProjectJson> = {};
  const versionsOf = (name: string): Record<string, SnapshotReleaseJson> => {
    const project = (projects[name] ??= { versions: {} });
    return project.versions as Record<string, SnapshotReleaseJson>;
  };
  for (const release of releases) {
    const requiresPython = atLeast(release, 1, 10)
      ? '<3.14,>=3.9'
      : atLeast(release, 1, 9)
        ? '<3.13,>=3.9'
        : atLeast(release, 1, 6)
          ? '<3.13,>=3.8'
          : atLeast(release, 1, 2)
            ? '<3.12,>=3.8'
            : '<3.11,>=3.7';
    const common = (minutes: number) => ({ requires_python: requiresPython, upload_time: uploadTime(release.time, minutes) });
    versionsOf('dagster')[release.version] = { requires_dist: dagsterRequirements(release), ...common(0) };
    if (atLeast(release, 1, 5)) versionsOf('dagster-pipes')[release.version] = { ...common(1) };
    versionsOf('dagster-graphql')[release.library] = {
      requires_dist: [`dagster==${release.version}`, 'graphene<4,>=3', 'gql[requests]<4,>=3', 'requests', 'starlette'],
      ...common(3),
    };
    const webserverRequirements = [`dagster==${release.version}`, `dagster-graphql==${release.library}`, 'click<9.0,>=7.0', 'starlette!=0.36.0', 'uvicorn[standard]'];
    if (atLeast(release, 1, 4)) {
      versionsOf('dagster-webserver')[release.version] = { requires_dist: webserverRequirements, ...common(4) };
      // After the rename, dagit is only a shim over dagster-webserver.
      versionsOf('dagit')[release.version] = { requires_dist: [`dagster-webserver==${release.version}`], ...common(5) };
    } else {
      versionsOf('dagit')[release.version] = { requires_dist: webserverRequirements, ...common(5) };
    }
    LIBRARIES.forEach((library, i) => {
      versionsOf(library.name)[release.library] = { requires_dist: [`dagster==${release.version}`, ...library.requires], ...common(10 + i) };
    });
  }
  Object.assign(projects, leafProjects());

  return {
    format: SCENARIO_FORMAT,
    id: 'backtracking',
    title: 'Dagster walks back, one weekly release at a time',
    description:
      'Every dagit release pins dagster-webserver, which pins dagster exactly, and every dagster since 1.4 needs typing-extensions>=4.7 while you cap it below 4.6. Watch the decision and backtrack counters: the resolver rejects two years of weekly releases one by one before it settles on dagster 1.3.',
    requirements: [
      '# orchestration',
      'dagit',
      'dagster-aws',
      'dagster-postgres',
      'dagster-k8s',
      'dagster-pandas',
      'dagster-slack',
      'dagster-dbt',
      '# the model code runs TensorFlow 2.13, which caps typing-extensions',
      'typing-extensions<4.6',
      '',
    ].join('\n'),
    target: { python: '3.11', os: 'linux', arch: 'x86_64', implementation: 'cpython' },
    options: { policy: 'pip' },
    index: {
      format: 'index-snapshot/1',
      source: `Generated by scripts/generate-backtracking-scenario.ts (seed ${seed}): a synthetic release history modelled on Dagster; dates, patch counts and dependency cut-overs are invented`,
      projects,
    },
  };
}

function dagsterRequirements(release: Release): string[] {
  const requirements = [
    'alembic!=1.11.0,!=1.6.3,!=1.7.0,>=1.2.1',
    'click>=5.0',
    'coloredlogs<=14.0,>=6.1',
    'Jinja2',
    'PyYAML>=5.1',
    'croniter>=0.3.34',
    atLeast(release, 1, 0) ? 'grpcio>=1.44.0' : 'grpcio>=1.32.0',
    'packaging>=20.9',
    ...(atLeast(release, 1, 2)
      ? ['protobuf<5,>=3.20.0; python_version < "3.11"', 'protobuf<5,>=4; python_version >= "3.11"']
      : ['protobuf<4,>=3.13.0']),
    'python-dateutil',
    'pytz',
    'requests',
    'tabulate',
    'tqdm<5',
    atLeast(release, 1, 2) ? 'sqlalchemy<3,>=1.0' : 'sqlalchemy>=1.0',
    'toposort>=1.0',
    'watchdog>=0.8.3',
    atLeast(release, 1, 7)
      ? 'typing-extensions<5,>=4.10.0'
      : atLeast(release, 1, 4)
        ? 'typing-extensions<5,>=4.7.0'
        : atLeast(release, 1, 2)
          ? 'typing-extensions<5,>=4.4.0'
          : 'typing-extensions>=4.0.1',
    atLeast(release, 1, 0) ? 'pydantic!=1.10.7,<3,>1.10.0' : 'pydantic',
  ];
  if (atLeast(release, 1, 5)) requirements.unshift(`dagster-pipes==${release.version}`);
  if (atLeast(release, 1, 3)) requirements.push('docstring-parser', 'rich', 'filelock');
  if (atLeast(release, 1, 6)) requirements.push('universal-pathlib');
  return requirements;
}

/** Everything below the Dagster packages: a few releases each, with their own requirements. */
function leafProjects(): Record<string, SnapshotProjectJson> {
  const project = (releases: Record<string, { at: string; python?: string; requires?: string[]; extras?: string[] }>): SnapshotProjectJson => ({
    versions: Object.fromEntries(
      Object.entries(releases).map(([version, { at, python, requires, extras }]) => {
        const release: SnapshotReleaseJson = {
          ...(requires?.length ? { requires_dist: requires } : {}),
          ...(extras?.length ? { provides_extra: extras } : {}),
          ...(python ? { requires_python: python } : {}),
          upload_time: `${at}T12:00:00Z`,
        };
        return [version, release];
      }),
    ),
  });
  const typingExtensions = (minimum: string) => [`typing-extensions>=${minimum}`];
  return {
    'typing-extensions': project({
      '4.5.0': { at: '2023-02-15', python: '>=3.7' },
      '4.7.1': { at: '2023-07-02', python: '>=3.7' },
      '4.9.0': { at: '2023-12-10', python: '>=3.8' },
      '4.10.0': { at: '2024-02-25', python: '>=3.8' },
      '4.12.2': { at: '2024-06-07', python: '>=3.8' },
    }),
    alembic: project({
      '1.12.1': { at: '2023-10-26', python: '>=3.7', requires: ['SQLAlchemy>=1.3.0', 'Mako', 'typing-extensions>=4'] },
      '1.13.2': { at: '2024-06-26', python: '>=3.8', requires: ['SQLAlchemy>=1.3.0', 'Mako', 'typing-extensions>=4'] },
    }),
    Mako: project({ '1.3.5': { at: '2024-05-14', python: '>=3.8', requires: ['MarkupSafe>=0.9.2'] } }),
    MarkupSafe: project({ '2.1.5': { at: '2024-02-02', python: '>=3.7' } }),
    Jinja2: project({ '3.1.4': { at: '2024-05-05', python: '>=3.7', requires: ['MarkupSafe>=2.0', 'Babel>=2.7; extra == "i18n"'], extras: ['i18n'] } }),
    SQLAlchemy: project({
      '1.4.52': { at: '2024-03-04', python: '!=3.0.*,!=3.1.*,!=3.2.*,!=3.3.*,!=3.4.*,!=3.5.*,>=2.7', requires: ['greenlet!=0.4.17; python_version >= "3" and (platform_machine == "aarch64" or platform_machine == "x86_64")'] },
      '2.0.32': { at: '2024-08-05', python: '>=3.7', requires: ['typing-extensions>=4.6.0', 'greenlet!=0.4.17; python_version < "3.13" and (platform_machine == "aarch64" or platform_machine == "x86_64")'] },
    }),
    greenlet: project({ '3.0.3': { at: '2023-12-21', python: '>=3.7' } }),
    pydantic: project({
      '1.10.17': { at: '2024-06-21', python: '>=3.7', requires: typingExtensions('4.2.0') },
      '2.8.2': { at: '2024-07-04', python: '>=3.8', requires: ['annotated-types>=0.4.0', 'pydantic-core==2.20.1', 'typing-extensions>=4.6.1; python_version < "3.13"'] },
    }),
    'pydantic-core': project({ '2.20.1': { at: '2024-07-03', python: '>=3.8', requires: ['typing-extensions!=4.7.0,>=4.6.0'] } }),
    'annotated-types': project({ '0.7.0': { at: '2024-05-20', python: '>=3.8' } }),
    click: project({ '8.1.7': { at: '2023-08-17', python: '>=3.7', requires: ['colorama; platform_system == "Windows"'] } }),
    colorama: project({ '0.4.6': { at: '2022-10-25', python: '!=3.0.*,!=3.1.*,!=3.2.*,!=3.3.*,!=3.4.*,!=3.5.*,!=3.6.*,>=2.7' } }),
    coloredlogs: project({ '14.0': { at: '2020-02-16', python: '!=3.0.*,!=3.1.*,!=3.2.*,!=3.3.*,!=3.4.*,>=2.7', requires: ['humanfriendly>=7.1'] } }),
    humanfriendly: project({ '10.0': { at: '2021-09-17', python: '!=3.0.*,!=3.1.*,!=3.2.*,!=3.3.*,!=3.4.*,>=2.7' } }),
    PyYAML: project({ '6.0.1': { at: '2023-07-18', python: '>=3.6' }, '6.0.2': { at: '2024-08-06', python: '>=3.8' } }),
    croniter: project({ '3.0.3': { at: '2024-07-26', python: '!=3.0.*,!=3.1.*,!=3.2.*,!=3.3.*,>=2.6', requires: ['python-dateutil', 'pytz>2021.1'] } }),
    grpcio: project({ '1.62.2': { at: '2024-04-18', python: '>=3.7' }, '1.65.5': { at: '2024-08-13', python: '>=3.8' } }),
    packaging: project({ '24.1': { at: '2024-06-09', python: '>=3.8' } }),
    protobuf: project({ '3.20.3': { at: '2022-09-29', python: '>=3.7' }, '4.25.4': { at: '2024-07-24', python: '>=3.8' } }),
    'python-dateutil': project({ '2.9.0.post0': { at: '2024-03-01', python: '!=3.0.*,!=3.1.*,!=3.2.*,>=2.7', requires: ['six>=1.5'] } }),
    six: project({ '1.16.0': { at: '2021-05-05', python: '>=2.7, !=3.0.*, !=3.1.*, !=3.2.*' } }),
    pytz: project({ '2024.1': { at: '2024-02-02' } }),
    requests: project({ '2.32.3': { at: '2024-05-29', python: '>=3.8', requires: ['charset-normalizer<4,>=2', 'idna<4,>=2.5', 'urllib3<3,>=1.21.1', 'certifi>=2017.4.17'] } }),
    'charset-normalizer': project({ '3.3.2': { at: '2023-10-31', python: '>=3.7.0' } }),
    idna: project({ '3.7': { at: '2024-04-11', python: '>=3.5' } }),
    urllib3: project({ '1.26.19': { at: '2024-06-17', python: '!=3.0.*,!=3.1.*,!=3.2.*,!=3.3.*,!=3.4.*,!=3.5.*,>=2.7' }, '2.2.2': { at: '2024-06-17', python: '>=3.8' } }),
    certifi: project({ '2024.7.4': { at: '2024-07-04', python: '>=3.6' } }),
    tabulate: project({ '0.9.0': { at: '2022-10-06', python: '>=3.7' } }),
    tqdm: project({ '4.66.5': { at: '2024-08-03', python: '>=3.7', requires: ['colorama; platform_system == "Windows"'] } }),
    toposort: project({ '1.10': { at: '2023-02-27' } }),
    watchdog: project({ '4.0.2': { at: '2024-08-11', python: '>=3.8' } }),
    'docstring-parser': project({ '0.16': { at: '2024-03-15', python: '<4.0,>=3.6' } }),
    rich: project({ '13.7.1': { at: '2024-02-28', python: '>=3.7.0', requires: ['markdown-it-py>=2.2.0', 'pygments<3.0.0,>=2.13.0'] } }),
    'markdown-it-py': project({ '3.0.0': { at: '2023-06-03', python: '>=3.8', requires: ['mdurl~=0.1'] } }),
    mdurl: project({ '0.1.2': { at: '2022-08-14', python: '>=3.7' } }),
    pygments: project({ '2.18.0': { at: '2024-05-04', python: '>=3.8' } }),
    filelock: project({ '3.15.4': { at: '2024-06-22', python: '>=3.8' } }),
    'universal-pathlib': project({ '0.2.2': { at: '2024-03-04', python: '>=3.8', requires: ['fsspec>=2022.1.0'] } }),
    fsspec: project({ '2024.6.1': { at: '2024-06-27', python: '>=3.8' } }),
    graphene: project({ '3.3': { at: '2023-07-26', requires: ['graphql-core<3.3,>=3.1', 'graphql-relay<3.3,>=3.1', 'aniso8601<10,>=8'] } }),
    'graphql-core': project({ '3.2.3': { at: '2022-09-22', python: '>=3.6,<4' } }),
    'graphql-relay': project({ '3.2.0': { at: '2022-04-16', python: '>=3.6,<4', requires: ['graphql-core<3.3,>=3.2'] } }),
    aniso8601: project({ '9.0.1': { at: '2021-03-02' } }),
    gql: project({ '3.5.0': { at: '2024-01-03', requires: ['graphql-core<3.3,>=3.2', 'yarl<2.0,>=1.6', 'backoff<3.0,>=1.11.1', 'anyio<5,>=3.0', 'requests<3,>=2.26; extra == "requests"', 'requests-toolbelt<2,>=1.0.0; extra == "requests"'], extras: ['requests'] } }),
    yarl: project({ '1.9.4': { at: '2023-12-06', python: '>=3.7', requires: ['idna>=2.0', 'multidict>=4.0'] } }),
    multidict: project({ '6.0.5': { at: '2024-02-01', python: '>=3.7' } }),
    backoff: project({ '2.2.1': { at: '2022-10-05', python: '>=3.7,<4.0' } }),
    anyio: project({ '4.4.0': { at: '2024-05-26', python: '>=3.8', requires: ['idna>=2.8', 'sniffio>=1.1'] } }),
    sniffio: project({ '1.3.1': { at: '2024-02-25', python: '>=3.7' } }),
    'requests-toolbelt': project({ '1.0.0': { at: '2023-05-01', python: '>=2.7, !=3.0.*, !=3.1.*, !=3.2.*, !=3.3.*', requires: ['requests<3.0.0,>=2.0.1'] } }),
    starlette: project({ '0.38.2': { at: '2024-07-27', python: '>=3.8', requires: ['anyio<5,>=3.4.0'] } }),
    uvicorn: project({ '0.30.6': { at: '2024-08-13', python: '>=3.8', requires: ['click>=7.0', 'h11>=0.8', 'httptools>=0.5.0; extra == "standard"', 'python-dotenv>=0.13; extra == "standard"', 'PyYAML>=5.1; extra == "standard"', 'uvloop!=0.15.0,!=0.15.1,>=0.14.0; (sys_platform != "win32" and (sys_platform != "cygwin" and platform_python_implementation != "PyPy")) and extra == "standard"', 'watchfiles>=0.13; extra == "standard"', 'websockets>=10.4; extra == "standard"'], extras: ['standard'] } }),
    h11: project({ '0.14.0': { at: '2022-09-25', python: '>=3.7' } }),
    httptools: project({ '0.6.1': { at: '2023-10-16', python: '>=3.8.0' } }),
    'python-dotenv': project({ '1.0.1': { at: '2024-01-23', python: '>=3.8' } }),
    uvloop: project({ '0.20.0': { at: '2024-08-15', python: '>=3.8.0' } }),
    watchfiles: project({ '0.23.0': { at: '2024-08-07', python: '>=3.8', requires: ['anyio>=3.0.0'] } }),
    websockets: project({ '13.0': { at: '2024-08-20', python: '>=3.8' } }),
    boto3: project({ '1.35.10': { at: '2024-08-30', python: '>=3.8', requires: ['botocore<1.36.0,>=1.35.10', 'jmespath<2.0.0,>=0.7.1', 's3transfer<0.11.0,>=0.10.0'] } }),
    botocore: project({ '1.35.10': { at: '2024-08-30', python: '>=3.8', requires: ['jmespath<2.0.0,>=0.7.1', 'python-dateutil<3.0.0,>=2.1', 'urllib3!=2.2.0,<3,>=1.25.4; python_version >= "3.10"'] } }),
    jmespath: project({ '1.0.1': { at: '2022-06-17', python: '>=3.7' } }),
    s3transfer: project({ '0.10.2': { at: '2024-06-24', python: '>=3.8', requires: ['botocore<2.0a.0,>=1.33.2'] } }),
    'psycopg2-binary': project({ '2.9.9': { at: '2023-10-03', python: '>=3.7' } }),
    kubernetes: project({ '30.1.0': { at: '2024-06-06', python: '>=3.6', requires: ['certifi>=14.05.14', 'six>=1.9.0', 'python-dateutil>=2.5.3', 'pyyaml>=5.4.1', 'google-auth>=1.0.1', 'websocket-client!=0.40.0,!=0.41.*,!=0.42.*,>=0.32.0', 'requests', 'requests-oauthlib', 'oauthlib>=3.2.2', 'urllib3>=1.24.2'] } }),
    'google-auth': project({ '2.34.0': { at: '2024-08-20', python: '>=3.7', requires: ['cachetools<6.0,>=2.0.0', 'pyasn1-modules>=0.2.1', 'rsa<5,>=3.1.4'] } }),
    cachetools: project({ '5.5.0': { at: '2024-08-18', python: '>=3.7' } }),
    'pyasn1-modules': project({ '0.4.0': { at: '2024-03-29', python: '>=3.8', requires: ['pyasn1<0.7.0,>=0.4.6'] } }),
    pyasn1: project({ '0.6.0': { at: '2024-03-29', python: '>=3.8' } }),
    rsa: project({ '4.9': { at: '2022-07-20', python: '>=3.6,<4', requires: ['pyasn1>=0.1.3'] } }),
    'websocket-client': project({ '1.8.0': { at: '2024-04-23', python: '>=3.8' } }),
    'requests-oauthlib': project({ '2.0.0': { at: '2024-03-22', python: '>=3.4', requires: ['oauthlib>=3.0.0', 'requests>=2.0.0'] } }),
    oauthlib: project({ '3.2.2': { at: '2022-10-17', python: '>=3.6' } }),
    pandas: project({ '2.2.2': { at: '2024-04-10', python: '>=3.9', requires: ['numpy>=1.23.2; python_version == "3.11"', 'python-dateutil>=2.8.2', 'pytz>=2020.1', 'tzdata>=2022.7'] } }),
    numpy: project({ '1.26.4': { at: '2024-02-05', python: '>=3.9' }, '2.1.0': { at: '2024-08-18', python: '>=3.10' } }),
    tzdata: project({ '2024.1': { at: '2024-02-11', python: '>=2' } }),
    'slack-sdk': project({ '3.31.0': { at: '2024-07-01', python: '>=3.6' } }),
    'dbt-core': project({ '1.8.5': { at: '2024-08-07', python: '>=3.8', requires: ['Jinja2<4,>=3.1.3', 'networkx<4.0,>=2.3', 'protobuf<5,>=4.0.0', 'requests<3.0.0', 'pyyaml>=6.0', 'typing-extensions>=4.4', 'click<9.0,>=8.0.2'] } }),
    networkx: project({ '3.3': { at: '2024-04-06', python: '>=3.10' } }),
    orjson: project({ '3.10.7': { at: '2024-08-08', python: '>=3.8' } }),
    sqlglot: project({ '25.18.0': { at: '2024-08-29', python: '>=3.7', requires: ['sqlglotrs==0.2.9; extra == "rs"'], extras: ['rs'] } }),
    sqlglotrs: project({ '0.2.9': { at: '2024-08-13', python: '>=3.7' } }),
    typer: project({ '0.12.5': { at: '2024-08-24', python: '>=3.7', requires: ['click>=8.0.0', 'typing-extensions>=3.7.4.3', 'shellingham>=1.3.0', 'rich>=10.11.0'] } }),
    shellingham: project({ '1.5.4': { at: '2023-10-24', python: '>=3.7' } }),
  };
}

const OUTPUT = new URL('../public/scenarios/backtracking.json', import.meta.url);

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const text = serializeScenarioFile(buildBacktrackingScenario());
  writeFileSync(OUTPUT, text);
  console.log(`wrote ${fileURLToPath(OUTPUT)} (${text.length} characters)`);
}
