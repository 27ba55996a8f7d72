/**
 * What the study server keeps: the study, the participants' sessions (with a hash of each
 * session's token, and a keyed hash of the client address that made it) and their events. Written once against SqlClient, so PGlite and PostgreSQL
 * run the very same statements.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Assignment, RecordedEvent, Study, StudyEvent, StudyEventType } from '../core/index.ts';
import { migrate } from './migrate.ts';
import { addressLimitsOf, DEFAULT_STORAGE_LIMITS, refusal, StorageFullError, type StorageLimits, type Usage } from './storage-limits.ts';
import type { SqlClient } from './sql.ts';

export interface SessionRow {
  readonly id: string;
  readonly studyId: string;
  readonly participant: string;
  readonly condition: string;
  readonly assignment: Assignment;
  readonly ordinal: number;
  readonly createdAt: string;
}

/** A session as `SESSION_COLUMNS` reads it. */
interface SessionRecord {
  readonly id: string;
  readonly study_id: string;
  readonly participant: string;
  readonly condition: string;
  readonly assignment: unknown;
  readonly ordinal: number;
  readonly created_at: string | Date;
}

const SESSION_COLUMNS = 'id, study_id, participant, condition, assignment, ordinal, created_at';

function sessionRow(r: SessionRecord): SessionRow {
  return { id: r.id, studyId: r.study_id, participant: r.participant, condition: r.condition, assignment: json(r.assignment) as Assignment, ordinal: Number(r.ordinal), createdAt: new Date(r.created_at).toISOString() };
}

/** 8 parameters a row; PostgreSQL allows 65,535 parameters a statement. */
const MAX_ROWS_PER_INSERT = 2000;

/** Each event's data as JSON, made once: counted against the limits, then stored. */
const dataJson = new WeakMap<StudyEvent, string>();

function jsonOf(event: StudyEvent): string {
  let json = dataJson.get(event);
  if (json === undefined) dataJson.set(event, (json = JSON.stringify(event.data)));
  return json;
}

/** The size an event's data is counted at. */
function dataChars(event: StudyEvent): number {
  return jsonOf(event).length;
}

/** A page sent a token that another participant's session has: the page must make a new one. */
export class SessionTokenTakenError extends Error {
  constructor() {
    super('This session token belongs to another participant’s session; make a new one.');
    this.name = 'SessionTokenTakenError';
  }
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** What a new definition of a study changed that its sessions already ran under. */
export interface StudyChange {
  readonly sessions: number;
  /** Steps and conditions of the earlier definition that this one no longer has. */
  readonly stepsGone: readonly string[];
  readonly conditionsGone: readonly string[];
}

/** A session's study and token hash, and the hash of the address that made it (null: not counted, or made before addresses were kept). */
export interface SessionOwner {
  readonly studyId: string;
  readonly tokenHash: string;
  readonly addressHash: string | null;
}

/** An address's usage key: its study and its hash. */
function addressKey(studyId: string, addressHash: string): string {
  return `${studyId}\n${addressHash}`;
}

/** An event's key: its session and its id, which the page makes and which only its session's own events must not share. */
function eventKey(sessionId: string, eventId: string): string {
  return `${sessionId}\n${eventId}`;
}

function json(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}

export class StudyStore {
  /** Session creation runs one at a time, so each session's ordinal in its condition is exact. */
  private creating: Promise<unknown> = Promise.resolve();

  /** Stored so far, by session and by study: read from the database once, then counted here. */
  private readonly sessionUsage = new Map<string, Promise<Usage>>();
  private readonly studyUsage = new Map<string, Promise<Usage>>();
  /** By study and address hash (addressKey). */
  private readonly addressUsage = new Map<string, Promise<Usage>>();

  private constructor(
    readonly db: SqlClient,
    readonly limits: StorageLimits,
  ) {}

  /** `limits`: any of DEFAULT_STORAGE_LIMITS to change. */
  static async open(db: SqlClient, limits: Partial<StorageLimits> = {}): Promise<StudyStore> {
    const all = { ...DEFAULT_STORAGE_LIMITS, ...limits };
    if (!(all.addressShare > 0 && all.addressShare <= 1)) throw new RangeError(`addressShare ${all.addressShare}: expected more than 0 and at most 1`);
    await migrate(db);
    return new StudyStore(db, all);
  }

  /** What the sessions of one client address may store in a study. */
  get addressLimits(): { readonly events: number; readonly chars: number } {
    return addressLimitsOf(this.limits);
  }

  /** The key of address hashes: made on first use and kept in meta, so an address hashes the same after a restart. */
  private addressHashKey: Promise<string> | null = null;

  /**
   * A client address (addressGroup's) as it is stored: HMAC-SHA256 keyed with a secret of this
   * storage, so neither the address nor a hash that a list of all IPv4 addresses would reverse
   * is kept with the research data; only sessions of one address can be told to be one's.
   */
  async hashAddress(address: string): Promise<string> {
    if (!this.addressHashKey) {
      this.addressHashKey = this.setMetaIfAbsent('address_key', newToken());
      this.addressHashKey.catch(() => (this.addressHashKey = null));
    }
    return createHmac('sha256', await this.addressHashKey).update(address).digest('hex');
  }

  close(): Promise<void> {
    return this.db.close();
  }

  /**
   * Stores the study's definition. One that replaces a different stored one is kept in
   * study_versions first; returns what changed that sessions already ran under (for a warning),
   * or null when nothing did.
   */
  async putStudy(study: Study): Promise<StudyChange | null> {
    const definition = JSON.stringify(study);
    // Compared as jsonb: it keeps its keys in an order of its own.
    const stored = (await this.db.query<{ definition: unknown; same: boolean }>('SELECT definition, definition = $2::jsonb AS same FROM studies WHERE id = $1', [study.id, definition]))[0];
    const before = stored ? (json(stored.definition) as Study) : null;
    const changed = before !== null && !stored!.same;
    if (changed) await this.db.query('INSERT INTO study_versions (study_id, definition) SELECT id, definition FROM studies WHERE id = $1', [study.id]);
    await this.db.query('INSERT INTO studies (id, definition) VALUES ($1, $2::jsonb) ON CONFLICT (id) DO UPDATE SET definition = EXCLUDED.definition, updated_at = now()', [study.id, definition]);
    if (!changed) return null;
    const sessions = Number((await this.db.query<{ n: string | number }>('SELECT count(*) AS n FROM sessions WHERE study_id = $1', [study.id]))[0]?.n ?? 0);
    if (sessions === 0) return null;
    const ids = (list: readonly { readonly id?: string; readonly name?: string }[]) => new Set(list.map((x) => x.id ?? x.name ?? ''));
    const [stepsNow, conditionsNow] = [ids(study.steps), ids(study.conditions)];
    return {
      sessions,
      stepsGone: [...ids(before.steps)].filter((id) => !stepsNow.has(id)),
      conditionsGone: [...ids(before.conditions)].filter((name) => !conditionsNow.has(name)),
    };
  }

  async getMeta(key: string): Promise<string | null> {
    const rows = await this.db.query<{ value: string }>('SELECT value FROM meta WHERE key = $1', [key]);
    return rows[0]?.value ?? null;
  }

  async setMetaIfAbsent(key: string, value: string): Promise<string> {
    await this.db.query('INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [key, value]);
    return (await this.getMeta(key))!;
  }

  /**
   * Creates a session; `assignFor` gets the condition's ordinal (participants before this one).
   * `keepEarlier`: a participant id that already has a session here gets that session's
   * assignment again (condition and order), so a returning participant is not counterbalanced
   * twice; else `assignFor` assigns. `address`: the client's (addressGroup's, or null when not
   * counted), kept only as its hashAddress; past the sessions one address may make, or while the
   * database's disk is nearly full, a StorageFullError and no session.
   */
  createSession(
    studyId: string,
    participant: string,
    tokenHash: string,
    assignFor: (count: (condition: string) => Promise<number>) => Promise<Assignment>,
    options: { readonly keepEarlier?: boolean; readonly address?: string | null; readonly pageMadeToken?: boolean } = {},
  ): Promise<SessionRow & { readonly again: boolean }> {
    const run = this.creating.then(async () => {
      // A token the page made is sent again by a page that got no answer: the session it may have made already is the one (asked here, one creation at a time, so two sends that cross make one).
      if (options.pageMadeToken) {
        const made = await this.sessionByToken(studyId, tokenHash);
        if (made && made.participant !== participant) throw new SessionTokenTakenError();
        if (made) return { ...made, again: true };
      }
      const noRoom = await this.db.noRoomToGrow();
      if (noRoom) throw new StorageFullError(noRoom);
      const addressHash = options.address ? await this.hashAddress(options.address) : null;
      if (addressHash !== null) {
        // Counted here, one creation at a time, so the limit is exact however many arrive at once.
        const made = Number((await this.db.query<{ n: string | number }>('SELECT count(*) AS n FROM sessions WHERE study_id = $1 AND address_hash = $2', [studyId, addressHash]))[0]?.n ?? 0);
        if (made >= this.limits.addressSessions) {
          throw new StorageFullError(
            `This address has made as many sessions of this study as one address may (${this.limits.addressSessions}), so no new participant can start here. The researcher can allow more with "pipette study serve --address-sessions N".`,
          );
        }
      }
      let ordinal = 0;
      const earlier = options.keepEarlier
        ? (await this.db.query<{ assignment: unknown; ordinal: number }>('SELECT assignment, ordinal FROM sessions WHERE study_id = $1 AND participant = $2 ORDER BY created_at, id LIMIT 1', [studyId, participant]))[0]
        : undefined;
      if (earlier) ordinal = Number(earlier.ordinal);
      const assignment = earlier
        ? (json(earlier.assignment) as Assignment)
        : await assignFor(async (condition) => {
            const rows = await this.db.query<{ n: string | number }>('SELECT count(*) AS n FROM sessions WHERE study_id = $1 AND condition = $2', [studyId, condition]);
            ordinal = Number(rows[0]?.n ?? 0);
            return ordinal;
          });
      // Hexadecimal: an id never starts with - or another character a spreadsheet reads as a formula.
      const id = randomBytes(12).toString('hex');
      const rows = await this.db.query<{ created_at: string | Date }>(
        'INSERT INTO sessions (id, study_id, participant, condition, assignment, token_hash, ordinal, address_hash) VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8) RETURNING created_at',
        [id, studyId, participant, assignment.condition, JSON.stringify(assignment), tokenHash, ordinal, addressHash],
      );
      return { id, studyId, participant, condition: assignment.condition, assignment, ordinal, createdAt: new Date(rows[0]!.created_at).toISOString(), again: false };
    });
    this.creating = run.catch(() => undefined);
    return run;
  }

  private async sessionByToken(studyId: string, tokenHash: string): Promise<SessionRow | null> {
    const rows = await this.db.query<SessionRecord>(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE study_id = $1 AND token_hash = $2 ORDER BY created_at, id LIMIT 1`, [studyId, tokenHash]);
    return rows[0] ? sessionRow(rows[0]) : null;
  }

  /** Sessions never change their study, token or address: each is read once, then answered from memory. */
  private readonly tokens = new Map<string, SessionOwner>();

  async sessionToken(id: string): Promise<SessionOwner | null> {
    const known = this.tokens.get(id);
    if (known) return known;
    const found = await this.readSessionToken(id);
    if (found && this.tokens.size < 1_000_000) this.tokens.set(id, found);
    return found;
  }

  private async readSessionToken(id: string): Promise<SessionOwner | null> {
    const rows = await this.db.query<{ study_id: string; token_hash: string; address_hash: string | null }>('SELECT study_id, token_hash, address_hash FROM sessions WHERE id = $1', [id]);
    return rows[0] ? { studyId: rows[0].study_id, tokenHash: rows[0].token_hash, addressHash: rows[0].address_hash } : null;
  }

  async sessionProgress(id: string): Promise<{ events: number; lastSeq: number | null }> {
    const rows = await this.db.query<{ n: string | number; last: string | number | null }>('SELECT count(*) AS n, max(seq) AS last FROM events WHERE session_id = $1', [id]);
    const row = rows[0];
    return { events: Number(row?.n ?? 0), lastSeq: row?.last == null ? null : Number(row.last) };
  }

  private usageOfSession(id: string): Promise<Usage> {
    return this.usage(this.sessionUsage, id, 'WHERE e.session_id = $1', [id]);
  }

  private usageOfStudy(id: string): Promise<Usage> {
    return this.usage(this.studyUsage, id, 'JOIN sessions s ON s.id = e.session_id WHERE s.study_id = $1', [id]);
  }

  /** What the sessions of one address (by its hash) stored in a study; sessions stored before addresses were kept count under none. */
  private usageOfAddress(studyId: string, addressHash: string): Promise<Usage> {
    return this.usage(this.addressUsage, addressKey(studyId, addressHash), 'JOIN sessions s ON s.id = e.session_id WHERE s.study_id = $1 AND s.address_hash = $2', [studyId, addressHash]);
  }

  /** The usage kept in `known` under `key`, read once with `where` and `params`; a failed read is read again next time. */
  private usage(known: Map<string, Promise<Usage>>, key: string, where: string, params: readonly unknown[] = [key]): Promise<Usage> {
    let usage = known.get(key);
    if (!usage) {
      usage = this.readUsage(where, params);
      known.set(key, usage);
      usage.catch(() => known.delete(key));
    }
    return usage;
  }

  private async readUsage(where: string, params: readonly unknown[]): Promise<Usage> {
    const rows = await this.db.query<{ n: string | number; chars: string | number | null }>(`SELECT count(*) AS n, sum(e.data_chars) AS chars FROM events e ${where}`, [...params]);
    return { events: Number(rows[0]?.n ?? 0), chars: Number(rows[0]?.chars ?? 0) };
  }

  /**
   * Why `events` may not be stored for the session (the database's disk is nearly full, or its
   * limit, its study's, or its address's share of the study is reached), or null when there is
   * room. Retried events count once: only stored events are counted.
   */
  async noRoomFor(sessionId: string, studyId: string, batch: readonly StudyEvent[]): Promise<string | null> {
    const noRoomOnDisk = await this.db.noRoomToGrow();
    const addressHash = (await this.sessionToken(sessionId))?.addressHash ?? null;
    const [session, study, address] = await Promise.all([this.usageOfSession(sessionId), this.usageOfStudy(studyId), addressHash === null ? null : this.usageOfAddress(studyId, addressHash)]);
    const { limits } = this;
    const refused = (events: readonly StudyEvent[]): string | null =>
      noRoomOnDisk !== null && events.length > 0 ? noRoomOnDisk : refusal(limits, { session, study, address }, events.length, events.reduce((n, e) => n + dataChars(e), 0));
    if (refused(batch) === null) return null;
    // A retry of events stored before the limit was reached, or the disk filled, is acknowledged, not refused.
    const known = new Set((await this.db.query<{ id: string }>('SELECT id FROM events WHERE session_id = $1 AND id = ANY($2)', [sessionId, batch.map((e) => e.id)])).map((r) => r.id));
    return refused(batch.filter((e) => !known.has(e.id)));
  }

  /** Counts what was stored, where it has been read already (otherwise the first read includes it). */
  private async countStored(sessionId: string, stored: readonly StudyEvent[]): Promise<void> {
    if (stored.length === 0) return;
    const chars = stored.reduce((n, e) => n + dataChars(e), 0);
    const owner = this.tokens.get(sessionId);
    const usages = [this.sessionUsage.get(sessionId), owner && this.studyUsage.get(owner.studyId), owner?.addressHash ? this.addressUsage.get(addressKey(owner.studyId, owner.addressHash)) : undefined];
    for (const usage of usages) {
      const counted = await usage?.catch(() => null);
      if (counted) {
        counted.events += stored.length;
        counted.chars += chars;
      }
    }
  }

  /**
   * Stores each event once: its session and id are the key, so a retry or replay changes nothing.
   * Resolves to how many were new. Batches that arrive together are written together, in one
   * statement (group commit): one round trip instead of one per request.
   */
  appendEvents(sessionId: string, events: readonly StudyEvent[]): Promise<number> {
    if (events.length === 0) return Promise.resolve(0);
    return new Promise((resolve, reject) => {
      this.pending.push({ sessionId, events, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private pending: { sessionId: string; events: readonly StudyEvent[]; resolve: (stored: number) => void; reject: (error: unknown) => void }[] = [];
  private flushing = false;

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.pending.length > 0) {
        const group: typeof this.pending = [];
        let rows = 0;
        while (this.pending.length > 0 && (group.length === 0 || rows + this.pending[0]!.events.length <= MAX_ROWS_PER_INSERT)) {
          const next = this.pending.shift()!;
          group.push(next);
          rows += next.events.length;
        }
        try {
          const inserted = await this.insert(group);
          for (const item of group) {
            // The same id twice in one statement (a retry racing its original) is stored once and counted once.
            const stored = item.events.filter((e) => inserted.delete(eventKey(item.sessionId, e.id)));
            await this.countStored(item.sessionId, stored);
            item.resolve(stored.length);
          }
        } catch (error) {
          // One request's failure must not fail the others written with it: each on its own.
          if (group.length === 1) group[0]!.reject(error);
          else await this.insertEach(group);
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  private async insertEach(group: typeof this.pending): Promise<void> {
    for (const item of group) {
      try {
        const inserted = await this.insert([item]);
        const stored = item.events.filter((e) => inserted.delete(eventKey(item.sessionId, e.id)));
        await this.countStored(item.sessionId, stored);
        item.resolve(stored.length);
      } catch (error) {
        item.reject(error);
      }
    }
  }

  /** The events newly stored, by eventKey (an event's id is unique within its session). */
  private async insert(group: readonly { sessionId: string; events: readonly StudyEvent[] }[]): Promise<Set<string>> {
    const params: unknown[] = [];
    const rows: string[] = [];
    for (const { sessionId, events } of group) {
      for (const e of events) {
        const at = params.length;
        params.push(e.id, sessionId, e.seq, e.type, e.step, e.wall, e.mono, jsonOf(e), dataChars(e));
        rows.push(`($${at + 1}, $${at + 2}, $${at + 3}, $${at + 4}, $${at + 5}, $${at + 6}, $${at + 7}, $${at + 8}::jsonb, $${at + 9})`);
      }
    }
    const inserted = await this.db.query<{ id: string; session_id: string }>(`INSERT INTO events (id, session_id, seq, type, step, wall, mono, data, data_chars) VALUES ${rows.join(', ')} ON CONFLICT DO NOTHING RETURNING id, session_id`, params);
    return new Set(inserted.map((r) => eventKey(r.session_id, r.id)));
  }

  async listSessions(studyId: string): Promise<SessionRow[]> {
    const rows = await this.db.query<SessionRecord>(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE study_id = $1 ORDER BY created_at, id`, [studyId]);
    return rows.map(sessionRow);
  }

  /** Every event of the study, with its session's participant and condition, in order per session. */
  async listEvents(studyId: string): Promise<RecordedEvent[]> {
    const rows = await this.db.query<{ id: string; session_id: string; participant: string; condition: string; source: string | null; seq: string | number; type: string; step: string | null; wall: string; mono: number; data: unknown }>(
      "SELECT e.id, e.session_id, s.participant, s.condition, s.assignment->>'source' AS source, e.seq, e.type, e.step, e.wall, e.mono, e.data FROM events e JOIN sessions s ON s.id = e.session_id WHERE s.study_id = $1 ORDER BY e.session_id, e.seq",
      [studyId],
    );
    return rows.map((r) => ({
      id: r.id,
      session: r.session_id,
      participant: r.participant,
      condition: r.condition,
      assignedBy: r.source === 'override' ? 'override' : 'hash',
      seq: Number(r.seq),
      type: r.type as StudyEventType,
      step: r.step,
      wall: r.wall,
      mono: Number(r.mono),
      data: json(r.data) as Record<string, unknown>,
    }));
  }
}

export async function listStudyIds(db: SqlClient): Promise<string[]> {
  return (await db.query<{ id: string }>('SELECT id FROM studies ORDER BY id')).map((r) => r.id);
}

export async function loadStudyDefinition(db: SqlClient, id: string): Promise<unknown> {
  const rows = await db.query<{ definition: unknown }>('SELECT definition FROM studies WHERE id = $1', [id]);
  return rows[0] ? json(rows[0].definition) : null;
}
