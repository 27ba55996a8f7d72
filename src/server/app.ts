/**
 * The study server's routes (Hono). Input is checked at the edge and a bad request gets a
 * 4xx naming the field before storage is touched. Participants append to their own session
 * only (a bearer token made for it); reading anything back needs the researcher's token, and
 * the researcher's notes and marks in a participant's batch need a proof made with it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { serveStatic } from '@hono/node-server/serve-static';
import { getConnInfo } from '@hono/node-server/conninfo';
import { assign, attemptsCsv, BatchError, checkEventBatch, eventsCsv, integrityCsv, participantStudy, summarizeStudy, type Study } from '../core/index.ts';
import { RateLimiter, type RateLimit } from './limits.ts';
import { isLoopback } from './loopback.ts';
import { unprovenResearcherEvent } from './researcher-proof.ts';
import { clientGroup, requestClient, type RequestClient, type TrustedProxies } from './client-address.ts';
import { StorageFullError, StorageUnavailableError } from './storage-limits.ts';
import { hashToken, newToken, sameHash, SessionTokenTakenError, type StudyStore } from './store.ts';

export interface StudyAppOptions {
  readonly study: Study;
  readonly store: StudyStore;
  readonly researcherToken: string;
  /** The built app (vite build's dist/), or null to serve the API only. */
  readonly distDir: string | null;
  readonly maxBodyBytes?: number;
  readonly eventRate?: RateLimit;
  readonly sessionRate?: RateLimit;
  /**
   * The server listens on this machine only: requests must name it as this machine does
   * (localhost, 127.x.x.x, [::1]). A web page elsewhere could otherwise point a name of its own
   * at 127.0.0.1 (DNS rebinding) and use the server as if it were of the same origin.
   */
  readonly loopbackOnly?: boolean;
  /** Reverse proxies whose X-Forwarded-For names the client (client-address.ts); none unless given. */
  readonly trustedProxies?: TrustedProxies | null;
}

const PARTICIPANT = /^[\p{L}\p{N}._@+-]{1,128}$/u;
/** A session token a page made: base64url of 32 random bytes (43 characters) or more. */
const PAGE_TOKEN = /^[A-Za-z0-9_-]{43,128}$/;

function problem(c: Context, status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 507, field: string, message: string) {
  return c.json({ error: message, field }, status);
}

function bearer(c: Context): string | null {
  const header = c.req.header('authorization') ?? '';
  const match = /^Bearer ([A-Za-z0-9_-]{16,128})$/.exec(header);
  return match ? match[1]! : null;
}

async function readJson(c: Context): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  if (!(c.req.header('content-type') ?? '').toLowerCase().startsWith('application/json')) return { ok: false, response: problem(c, 415, 'content-type', 'Send JSON (Content-Type: application/json).') };
  try {
    return { ok: true, value: JSON.parse(await c.req.text()) };
  } catch (error) {
    return { ok: false, response: problem(c, 400, 'body', `The body is not JSON: ${(error as Error).message}`) };
  }
}

/** The address at the other end of the connection: a reverse proxy's own when there is one. */
function socketAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
}

export function createStudyApp(options: StudyAppOptions): Hono {
  const { study, store } = options;
  const researcherHash = hashToken(options.researcherToken);
  const eventLimiter = new RateLimiter(options.eventRate ?? { burst: 60, perSecond: 20 });
  const sessionLimiter = new RateLimiter(options.sessionRate ?? { burst: 300, perSecond: 10 });
  const app = new Hono();
  const clientOf = (c: Context): RequestClient => requestClient(socketAddress(c), c.req.raw.headers, options.trustedProxies ?? null);

  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        workerSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      crossOriginEmbedderPolicy: false,
      referrerPolicy: 'no-referrer',
      // Plain HTTP on this machine by default; HSTS would pin a name to HTTPS it may not have.
      strictTransportSecurity: false,
    }),
  );
  if (options.loopbackOnly) {
    app.use('*', async (c, next) => {
      if (!isLoopback(c.req.header('host') ?? '')) return problem(c, 403, 'host', 'This server answers only to its own addresses (localhost, 127.0.0.1 or [::1]); a reverse proxy in front of it must send one of them as Host.');
      return next();
    });
  }
  app.use('/api/*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });
  app.use(
    '/api/*',
    bodyLimit({ maxSize: options.maxBodyBytes ?? 256 * 1024, onError: (c) => problem(c, 413, 'body', `The request is larger than ${Math.round((options.maxBodyBytes ?? 256 * 1024) / 1024)} KiB; send fewer events at a time.`) }),
  );

  const isResearcher = (c: Context): boolean => {
    const token = bearer(c);
    return token !== null && sameHash(hashToken(token), researcherHash);
  };

  app.get('/api/health', (c) => c.json({ ok: true, study: study.id, storage: store.db.kind }));
  app.get('/api/study', (c) => c.json(participantStudy(study)));

  app.post('/api/sessions', async (c) => {
    const client = clientOf(c);
    // By the group the address share counts (an IPv6 client's /64, whose addresses it can step
    // through for a fresh bucket each), else by the address itself.
    const wait = sessionLimiter.take(clientGroup(client) ?? client.address);
    if (wait) return c.body(JSON.stringify({ error: 'Too many new sessions from this address; wait and try again.', field: 'rate' }), 429, { 'Retry-After': String(wait), 'Content-Type': 'application/json' });
    const body = await readJson(c);
    if (!body.ok) return body.response;
    const value = body.value as Record<string, unknown> | null;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return problem(c, 400, 'body', 'Expected an object with "participant".');
    for (const key of Object.keys(value)) if (key !== 'participant' && key !== 'condition' && key !== 'token') return problem(c, 400, key, `Unknown field "${key}".`);
    if (typeof value.participant !== 'string' || !PARTICIPANT.test(value.participant)) return problem(c, 400, 'participant', 'Expected a participant id: 1 to 128 letters, digits or . _ @ + -.');
    const override = value.condition;
    if (override !== undefined && override !== null && (typeof override !== 'string' || !study.conditions.some((cond) => cond.name === override))) {
      return problem(c, 400, 'condition', `No condition ${JSON.stringify(override)} in this study (it has ${study.conditions.map((cond) => cond.name).join(', ')}).`);
    }
    // The page may make the token itself (256 random bits), so that sending the same request again after no answer finds the session made then.
    const pageToken = value.token;
    if (pageToken !== undefined && (typeof pageToken !== 'string' || !PAGE_TOKEN.test(pageToken))) return problem(c, 400, 'token', 'Expected a session token: 43 to 128 letters, digits, - or _ (32 random bytes or more, base64url).');
    const participant = value.participant;
    const token = pageToken ?? newToken();
    // Past the sessions one address may make, or with the disk nearly full, a StorageFullError: onError answers 507.
    const session = await store.createSession(
      study.id,
      participant,
      hashToken(token),
      async (count) => {
        const first = assign(study, participant, { override: (override as string | undefined) ?? null });
        if (study.order !== 'latin-square') return first;
        return assign(study, participant, { override: (override as string | undefined) ?? null, ordinal: await count(first.condition) });
      },
      // A pilot's override assigns anew; otherwise a returning participant keeps their condition and order.
      // The session counts against its client's share of the study (the client the rate limit counts; the address is never stored).
      { keepEarlier: override === undefined || override === null, address: clientGroup(client), pageMadeToken: pageToken !== undefined },
    );
    return c.json({ session: session.id, token, participant, assignment: session.assignment, createdAt: session.createdAt }, session.again ? 200 : 201);
  });

  /** The session's own token, or a 401/403/404 answer. */
  async function participantSession(c: Context): Promise<{ ok: true; id: string } | { ok: false; response: Response }> {
    const id = c.req.param('id') ?? '';
    const token = bearer(c);
    if (!token) return { ok: false, response: problem(c, 401, 'authorization', 'Send the session token as "Authorization: Bearer TOKEN".') };
    const row = /^[A-Za-z0-9_-]{8,64}$/.test(id) ? await store.sessionToken(id) : null;
    if (!row || row.studyId !== study.id) return { ok: false, response: problem(c, 404, 'session', 'No such session in this study.') };
    if (!sameHash(hashToken(token), row.tokenHash)) return { ok: false, response: problem(c, 403, 'authorization', 'This token is not the session’s.') };
    return { ok: true, id };
  }

  app.get('/api/sessions/:id', async (c) => {
    const session = await participantSession(c);
    if (!session.ok) return session.response;
    return c.json({ session: session.id, ...(await store.sessionProgress(session.id)) });
  });

  app.post('/api/sessions/:id/events', async (c) => {
    const session = await participantSession(c);
    if (!session.ok) return session.response;
    const wait = eventLimiter.take(session.id);
    if (wait) return c.body(JSON.stringify({ error: 'Too many requests for this session; wait and send again.', field: 'rate' }), 429, { 'Retry-After': String(wait), 'Content-Type': 'application/json' });
    const body = await readJson(c);
    if (!body.ok) return body.response;
    let events;
    try {
      events = checkEventBatch(body.value);
    } catch (error) {
      if (error instanceof BatchError) return problem(c, 400, error.field, error.message);
      throw error;
    }
    // Refused whole, as a malformed batch is: the page keeps every event of it.
    const unproven = unprovenResearcherEvent(options.researcherToken, session.id, events);
    if (unproven) return problem(c, 403, unproven.field, unproven.message);
    const full = await store.noRoomFor(session.id, study.id, events);
    if (full) return problem(c, 507, 'storage', full);
    const stored = await store.appendEvents(session.id, events);
    return c.json({ acked: events.map((e) => e.id), stored, duplicates: events.length - stored });
  });

  // The researcher's side: everything below needs the researcher token.
  app.use('/api/results/*', async (c, next) => (isResearcher(c) ? next() : problem(c, 401, 'authorization', 'Reading results needs the researcher token (printed when the server started).')));
  app.use('/api/results', async (c, next) => (isResearcher(c) ? next() : problem(c, 401, 'authorization', 'Reading results needs the researcher token (printed when the server started).')));

  app.get('/api/results', async (c) => {
    const [sessions, events] = await Promise.all([store.listSessions(study.id), store.listEvents(study.id)]);
    return c.json({ study, sessions, events, results: summarizeStudy(study, events) });
  });
  app.get('/api/results/events.csv', async (c) => {
    c.header('Content-Type', 'text/csv; charset=utf-8');
    return c.body(eventsCsv(await store.listEvents(study.id)));
  });
  app.get('/api/results/attempts.csv', async (c) => {
    c.header('Content-Type', 'text/csv; charset=utf-8');
    return c.body(attemptsCsv(await store.listEvents(study.id)));
  });
  app.get('/api/results/integrity.csv', async (c) => {
    c.header('Content-Type', 'text/csv; charset=utf-8');
    return c.body(integrityCsv(await store.listEvents(study.id)));
  });
  app.all('/api/*', (c) => problem(c, 404, 'path', `No API at ${c.req.method} ${new URL(c.req.url).pathname}.`));

  app.onError((error, c) => {
    // The storage's own answers (the operator's log has them already): the page keeps its events.
    if (error instanceof StorageFullError) return problem(c, 507, 'storage', error.message);
    if (error instanceof StorageUnavailableError) return c.json({ error: error.message, field: 'storage' }, 503, { 'Retry-After': '30' });
    if (error instanceof SessionTokenTakenError) return problem(c, 409, 'token', error.message);
    process.stderr.write(`pipette study: ${c.req.method} ${new URL(c.req.url).pathname}: ${error.stack ?? error.message}\n`);
    return c.json({ error: 'The server could not do that; nothing was changed. Try again.' }, 500);
  });

  const dist = options.distDir;
  if (dist && existsSync(join(dist, 'index.html'))) {
    // Read on each request: a rebuild of the app while the study runs is served at once.
    const page = (c: Context) => c.html(readFileSync(join(dist, 'index.html'), 'utf8'));
    app.get('/study', page);
    app.get('/study/', page);
    app.get('/study/researcher', page);
    app.use('/*', serveStatic({ root: dist }));
    app.get('/', page);
  }
  return app;
}
