/**
 * "Did you mean …?" for a project the index does not have. Names are looked for in the
 * index's own list of projects when it offers a small enough one; PyPI's list is tens of
 * megabytes, so for PyPI (or when the list can't be had) a short list of widely used projects
 * bundled here stands in, and the answer says which was used.
 */
import { normalizeName } from '../core/index.ts';
import type { SimpleIndexClient } from './simple-client.ts';

export interface NameSuggestions {
  /** Closest first, as the source spells them. */
  readonly names: readonly string[];
  readonly source: 'index' | 'popular-list';
  /** Where the names come from, for people. */
  readonly note: string;
}

/**
 * Widely used projects on PyPI, picked by hand (not a download count, and far from complete):
 * enough to catch the usual misspellings of the usual projects.
 */
export const POPULAR_PROJECTS: readonly string[] = [
  'boto3', 'botocore', 'urllib3', 'requests', 'setuptools', 'certifi', 'charset-normalizer', 'idna', 'typing-extensions',
  'python-dateutil', 's3transfer', 'packaging', 'six', 'aiobotocore', 'numpy', 'pyyaml', 'pip', 'cryptography', 'fsspec',
  's3fs', 'grpcio-status', 'pydantic', 'pydantic-core', 'cffi', 'attrs', 'pycparser', 'google-api-core', 'pandas',
  'importlib-metadata', 'jmespath', 'protobuf', 'wheel', 'rsa', 'click', 'zipp', 'pyasn1', 'platformdirs', 'jinja2',
  'markupsafe', 'filelock', 'pytz', 'awscli', 'colorama', 'googleapis-common-protos', 'virtualenv', 'tomli', 'wrapt',
  'pyjwt', 'annotated-types', 'pluggy', 'pytest', 'jsonschema', 'cachetools', 'iniconfig', 'pyarrow', 'google-auth',
  'h11', 'anyio', 'sniffio', 'httpx', 'httpcore', 'aiohttp', 'multidict', 'yarl', 'frozenlist', 'aiosignal', 'async-timeout',
  'sqlalchemy', 'greenlet', 'psutil', 'pyparsing', 'docutils', 'requests-oauthlib', 'oauthlib', 'tqdm', 'decorator',
  'werkzeug', 'flask', 'itsdangerous', 'blinker', 'django', 'asgiref', 'sqlparse', 'fastapi', 'starlette', 'uvicorn',
  'gunicorn', 'scipy', 'scikit-learn', 'joblib', 'threadpoolctl', 'matplotlib', 'pillow', 'kiwisolver', 'cycler',
  'fonttools', 'contourpy', 'seaborn', 'tzdata', 'tzlocal', 'openpyxl', 'et-xmlfile', 'lxml', 'beautifulsoup4', 'soupsieve',
  'pygments', 'rich', 'markdown-it-py', 'mdurl', 'markdown', 'mypy', 'mypy-extensions', 'black', 'pathspec', 'isort',
  'flake8', 'pycodestyle', 'pyflakes', 'mccabe', 'pylint', 'astroid', 'ruff', 'coverage', 'pytest-cov', 'pytest-mock',
  'pytest-xdist', 'execnet', 'pytest-asyncio', 'hypothesis', 'tox', 'nox', 'pre-commit', 'identify', 'nodeenv', 'cfgv',
  'distlib', 'exceptiongroup', 'more-itertools', 'tenacity', 'redis', 'celery', 'kombu', 'billiard', 'vine', 'amqp',
  'psycopg2', 'psycopg2-binary', 'psycopg', 'pymysql', 'mysqlclient', 'pymongo', 'dnspython', 'elasticsearch',
  'websocket-client', 'websockets', 'paramiko', 'bcrypt', 'pynacl', 'pyopenssl', 'requests-toolbelt', 'toml', 'tomlkit',
  'python-dotenv', 'jsonpointer', 'jsonpatch', 'jsonschema-specifications', 'referencing', 'rpds-py', 'regex', 'tokenizers',
  'transformers', 'huggingface-hub', 'safetensors', 'torch', 'torchvision', 'tensorflow', 'keras', 'tensorboard', 'absl-py',
  'h5py', 'opt-einsum', 'gast', 'flatbuffers', 'termcolor', 'ml-dtypes', 'jax', 'jaxlib', 'xgboost', 'lightgbm', 'catboost',
  'statsmodels', 'patsy', 'sympy', 'mpmath', 'networkx', 'numba', 'llvmlite', 'dask', 'distributed', 'cloudpickle', 'toolz',
  'partd', 'locket', 'polars', 'plotly', 'dash', 'bokeh', 'altair', 'streamlit', 'gradio', 'jupyter', 'jupyterlab', 'notebook',
  'ipython', 'ipykernel', 'ipywidgets', 'jupyter-client', 'jupyter-core', 'traitlets', 'tornado', 'pyzmq', 'nbformat',
  'nbconvert', 'nbclient', 'jedi', 'parso', 'prompt-toolkit', 'wcwidth', 'pexpect', 'ptyprocess', 'matplotlib-inline',
  'debugpy', 'nest-asyncio', 'comm', 'asttokens', 'executing', 'pure-eval', 'stack-data', 'openai', 'anthropic', 'langchain',
  'tiktoken', 'sentencepiece', 'datasets', 'accelerate', 'evaluate', 'nltk', 'spacy', 'gensim', 'opencv-python', 'imageio',
  'scikit-image', 'shapely', 'pyproj', 'geopandas', 'fiona', 'rasterio', 'sphinx', 'alabaster', 'babel', 'imagesize',
  'snowballstemmer', 'sphinx-rtd-theme', 'mkdocs', 'mkdocs-material', 'pydata-sphinx-theme', 'docker', 'kubernetes',
  'google-cloud-storage', 'google-cloud-core', 'google-resumable-media', 'google-crc32c', 'grpcio', 'grpcio-tools',
  'azure-core', 'azure-storage-blob', 'azure-identity', 'msal', 'msrest', 'apache-airflow', 'pyspark', 'py4j', 'prefect',
  'mlflow', 'wandb', 'sentry-sdk', 'structlog', 'loguru', 'arrow', 'pendulum', 'python-slugify', 'text-unidecode', 'unidecode',
  'simplejson', 'ujson', 'orjson', 'msgpack', 'cython', 'pybind11', 'setuptools-scm', 'hatchling', 'flit-core', 'poetry',
  'poetry-core', 'build', 'twine', 'pyproject-hooks', 'installer', 'uv', 'pipenv', 'marshmallow', 'typer', 'pyinstaller',
  'selenium', 'playwright', 'scrapy', 'twisted', 'zope-interface', 'gevent', 'eventlet', 'trio', 'pywin32', 'pyserial',
  'pysocks', 'chardet', 'brotli', 'zstandard', 'lz4', 'python-multipart', 'email-validator', 'pycryptodome', 'ecdsa',
  'python-jose', 'passlib', 'argon2-cffi', 'flask-sqlalchemy', 'flask-cors', 'flask-login', 'djangorestframework',
  'alembic', 'mako', 'peewee', 'boto', 'moto', 'responses', 'freezegun', 'faker', 'factory-boy', 'mock', 'nose', 'sortedcontainers',
  'deprecated', 'portalocker', 'humanfriendly', 'coloredlogs', 'tabulate', 'prettytable', 'texttable',
];

/** Optimal string alignment distance: edits, with a swap of two neighbours counted as one. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array(rows * cols).fill(0);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[(i - 1) * cols + j]! + 1, d[i * cols + j - 1]! + 1, d[(i - 1) * cols + j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[(i - 2) * cols + j - 2]! + 1);
      d[i * cols + j] = best;
    }
  }
  return d[rows * cols - 1]!;
}

/** Names within a few edits of `missing` (compared normalised), closest first; the list's order breaks ties. */
export function closeNames(missing: string, names: readonly string[], limit = 5): string[] {
  const target = normalizeName(missing);
  // Short names tolerate fewer edits, or everything would be "close".
  const allowed = target.length <= 4 ? 1 : target.length <= 8 ? 2 : 3;
  const scored: { name: string; distance: number; order: number }[] = [];
  const seen = new Set<string>();
  names.forEach((name, order) => {
    const key = normalizeName(name);
    if (key === target || seen.has(key) || Math.abs(key.length - target.length) > allowed) return;
    seen.add(key);
    const distance = editDistance(target, key);
    if (distance <= allowed) scored.push({ name, distance, order });
  });
  return scored
    .sort((a, b) => a.distance - b.distance || a.order - b.order)
    .slice(0, limit)
    .map((s) => s.name);
}

/** Indexes whose project list is known to be far too large to download for a suggestion. */
const HUGE_INDEX_HOSTS = new Set(['pypi.org', 'test.pypi.org', 'pypi.python.org']);

/** Close names for a project the index does not have; never throws (suggestions are a courtesy). */
export async function suggestProjectNames(client: SimpleIndexClient, missing: string, signal?: AbortSignal): Promise<NameSuggestions> {
  if (!HUGE_INDEX_HOSTS.has(new URL(client.indexUrl).hostname)) {
    try {
      const list = await client.getProjectList(signal);
      if (list.found) {
        return { names: closeNames(missing, list.value), source: 'index', note: `from the list of ${list.value.length} projects on ${client.indexUrl}` };
      }
    } catch {
      // No list (too large, not offered, offline): the bundled names stand in.
    }
  }
  return {
    names: closeNames(missing, POPULAR_PROJECTS),
    source: 'popular-list',
    note: `from a short list of widely used PyPI projects bundled with Pipette, not from ${client.indexUrl} itself`,
  };
}
