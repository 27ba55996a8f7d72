/** The study server's API as the participant's page uses it. Nothing it answers is trusted beyond its shape. */
import { parseStudy, type Assignment, type SentEvent, type Study } from '../../../core/index.ts';

export class ServerError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Seconds the server asked us to wait (429). */
    readonly retryAfter: number | null = null,
    /** What the study server's refusal names (`events.2.proof`, `authorization`); null when it named nothing, or the answer was not the study server's. */
    readonly field: string | null = null,
  ) {
    super(message);
    this.name = 'ServerError';
  }
}

async function answer<T>(response: Response): Promise<T> {
  const body = (await response.json().catch(() => null)) as (T & { error?: unknown; field?: unknown }) | null;
  if (!response.ok || body === null) {
    const retry = Number(response.headers.get('retry-after'));
    const field = typeof body?.field === 'string' ? body.field : null;
    throw new ServerError(response.status, typeof body?.error === 'string' ? body.error : `The study server answered ${response.status}.`, Number.isFinite(retry) && retry > 0 ? retry : null, field);
  }
  return body;
}

export async function fetchStudy(): Promise<Study> {
  return parseStudy(await answer<unknown>(await fetch('/api/study', { cache: 'no-store' })));
}

export interface NewSession {
  readonly session: string;
  readonly token: string;
  readonly assignment: Assignment;
}

/** `token`: the session's token, made by the page (session-start.ts), so that sending this again finds the session it made. */
export async function createSession(participant: string, condition: string | null, token: string): Promise<NewSession> {
  const response = await fetch('/api/sessions', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ participant, token, ...(condition ? { condition } : {}) }) });
  const body = await answer<NewSession>(response);
  if (typeof body.session !== 'string' || typeof body.token !== 'string' || typeof body.assignment?.condition !== 'string' || !Array.isArray(body.assignment.stepOrder)) throw new ServerError(502, 'The study server sent a session this page does not understand.');
  return body;
}

export async function sendEvents(session: string, token: string, events: readonly SentEvent[]): Promise<readonly string[]> {
  const response = await fetch(`/api/sessions/${encodeURIComponent(session)}/events`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ events }),
  });
  const body = await answer<{ acked: unknown }>(response);
  return Array.isArray(body.acked) ? body.acked.filter((id): id is string => typeof id === 'string') : [];
}
