/** The study server's app in-process on embedded PGlite in a temporary folder, with the fixture study (tests/unit/study/fixtures.ts). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseStudy, type Study } from '../../src/core/index.ts';
import { createStudyApp, type StudyAppOptions } from '../../src/server/app.ts';
import { openPglite } from '../../src/server/sql.ts';
import { StudyStore } from '../../src/server/store.ts';
import { studyJson } from '../unit/study/fixtures.ts';

export const RESEARCHER = 'researcher-token-for-tests-0123456789';

export interface StudyAppUnderTest {
  readonly store: StudyStore;
  readonly study: Study;
  readonly app: ReturnType<typeof createStudyApp>;
  close(): Promise<void>;
}

/** `prefix` names the folder; `options` are added to the app's (the researcher token is RESEARCHER). */
export async function openStudyApp(prefix: string, options: Partial<StudyAppOptions> = {}): Promise<StudyAppUnderTest> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const store = await StudyStore.open(await openPglite(dir));
  const study = parseStudy(studyJson());
  await store.putStudy(study);
  const app = createStudyApp({ study, store, researcherToken: RESEARCHER, distDir: null, ...options });
  return {
    store,
    study,
    app,
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
