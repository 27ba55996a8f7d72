/** The researcher panel's calls to the study server: everything needs the researcher token. */
import { parseStudy, type RecordedEvent, type Study, type StudyResults } from '../../../core/index.ts';
import { ServerError } from './api.ts';

export interface ResultsAnswer {
  readonly study: Study;
  readonly sessions: readonly { readonly id: string; readonly participant: string; readonly condition: string; readonly createdAt: string }[];
  readonly events: readonly RecordedEvent[];
  readonly results: StudyResults;
}

async function get(path: string, token: string): Promise<Response> {
  const response = await fetch(path, { headers: { Authorization: `Bearer ${token}` }, cache: 'no-store' });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: string } | null;
    throw new ServerError(response.status, body?.error ?? `The study server answered ${response.status}.`);
  }
  return response;
}

export async function fetchResults(token: string): Promise<ResultsAnswer> {
  const body = (await (await get('/api/results', token)).json()) as ResultsAnswer;
  return { ...body, study: parseStudy(body.study) };
}

/** Downloads an export as a file (the token goes in a header, so a plain link can't do it). */
export async function downloadExport(token: string, file: 'events.csv' | 'attempts.csv' | 'integrity.csv'): Promise<void> {
  const blob = await (await get(`/api/results/${file}`, token)).blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = file;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
