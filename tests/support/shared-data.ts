/** Where the shared data set lives for tests, or null when it is absent (a fresh clone). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sharedDataDir } from '../../src/cli/files.ts';

const data = sharedDataDir();

/** ../shared/data/pypi-responses: real PyPI simple and JSON API answers and metadata files. */
export const PYPI_RESPONSES = data && existsSync(join(data, 'pypi-responses')) ? join(data, 'pypi-responses') : null;

/** ../shared/data/indexes/pypi-2023-09-popular.json: 606 popular projects, as of September 2023. */
export const POPULAR_SNAPSHOT = data && existsSync(join(data, 'indexes/pypi-2023-09-popular.json')) ? join(data, 'indexes/pypi-2023-09-popular.json') : null;
