/**
 * The participant's session: the study, the assignment, where they are, and the one way to
 * log what happens (`log`), which appends to IndexedDB first and then asks the sender to
 * pass it on to the server.
 */
import { clipText, isEventId, isRealIsoTime, isResearcherOutcome, markData, noteData, type Study, type StudyEventType, type StudyStep, type StepOutcome } from '../../../core/index.ts';
import { appendStudyEvent, getStudySession, putStudySession, sessionEvents, sessionKey, updateStudySession, type ProvenEvent, type StepDraft, type StudySessionRecord } from '../../../cache/study-log.ts';
import { createSession, fetchStudy, sendEvents } from './api.ts';
import { forgetKeptToken, forgivingStorage, startSession } from './session-start.ts';
import { loggedEvent, studyChannel, type ParticipantScreen, type ToPanel, type ToParticipant } from './channel.ts';
import { deviceLog, deviceLogName } from './device-log.ts';
import { deviceQueue } from './device-queue.ts';
import { downloadJson } from './download.ts';
import { syncLine } from './sync-line.ts';
import { EventSender, type SyncStatus } from './sync.ts';

/** The page's localStorage, or nothing kept where the browser refuses it. */
const pageStorage = forgivingStorage(() => localStorage);

function participantFromUrl(): string {
  const given = new URLSearchParams(location.search).get('participant');
  if (given && /^[\p{L}\p{N}._@+-]{1,128}$/u.test(given)) return given;
  // A storage that refuses (disabled, full) keeps no id: this page's own holds till it closes.
  const stored = pageStorage.getItem('pipette-study-participant');
  if (stored) return stored;
  const made = `anon-${crypto.randomUUID().slice(0, 8)}`;
  pageStorage.setItem('pipette-study-participant', made);
  return made;
}

class StudySession {
  study = $state.raw<Study | null>(null);
  record = $state.raw<StudySessionRecord | null>(null);
  status = $state<'loading' | 'ready' | 'error'>('loading');
  error = $state<string | null>(null);
  /** While the session can't be made yet: the server's reason and when (Date.now()) the page tries again. */
  waiting = $state.raw<{ reason: string; retryAt: number } | null>(null);
  sync = $state.raw<SyncStatus>({ pending: 0, failing: false, fatal: null, reason: null, retryAt: null, refused: 0 });
  /** The latest text on screen and resolve outcome, for the researcher panel. */
  screenText = $state('');
  screenOutcome = $state<string | null>(null);
  private sender: EventSender | null = null;
  private channel: BroadcastChannel | null = null;

  readonly step = $derived.by((): StudyStep | null => {
    const study = this.study;
    const record = this.record;
    if (!study || !record) return null;
    const id = record.assignment.stepOrder[record.position];
    return id ? (study.steps.find((s) => s.id === id) ?? null) : null;
  });

  readonly flags = $derived(this.study?.conditions.find((c) => c.name === this.record?.assignment.condition)?.flags ?? null);

  async start(): Promise<void> {
    try {
      const study = await fetchStudy();
      const participant = participantFromUrl();
      const key = sessionKey(location.origin, study.id, participant);
      let record = await getStudySession(key);
      const resumed = record !== undefined;
      if (!record) {
        const override = new URLSearchParams(location.search).get('condition');
        const made = await startSession(key, participant, override, {
          create: createSession,
          storage: pageStorage,
          onWait: (reason, retryAt) => (this.waiting = { reason, retryAt }),
        });
        this.waiting = null;
        record = { key, studyId: study.id, participant, session: made.session, token: made.token, assignment: made.assignment, nextSeq: 0, consented: false, position: 0, draft: null, createdAt: new Date().toISOString() };
        await putStudySession(record);
        forgetKeptToken(pageStorage, key);
      }
      this.study = study;
      this.record = record;
      const { session, token } = record;
      this.sender = new EventSender(
        deviceQueue(session),
        (events) => sendEvents(session, token, events),
        (status) => {
          this.sync = status;
          this.broadcast();
        },
        // The panel's event list shows what took a refused event's place.
        (marker) => this.post({ kind: 'event', session, event: loggedEvent(marker) }),
      );
      this.channel = studyChannel(study.id);
      this.channel.onmessage = (message: MessageEvent<ToParticipant>) => void this.fromPanel(message.data);
      addEventListener('online', () => this.sender?.kick());
      if (resumed) await this.log('resume', this.step?.id ?? null, { position: record.position });
      else await this.log('session-start', null, { assignment: record.assignment, flags: this.flags, userAgent: clipText(navigator.userAgent, 200), screen: `${screen.width}x${screen.height}` });
      this.status = 'ready';
      this.sender.kick();
    } catch (error) {
      this.status = 'error';
      this.error = (error as Error).message;
    }
  }

  /**
   * Appends an event (and any change to the session record) and passes it on. `onStep`: only
   * while that step is still the session's current one (another tab of the session may have
   * ended it) and `also` holds; `proven`: the researcher's, with the panel's id and proof.
   * False when nothing was logged.
   */
  async log(
    type: StudyEventType,
    step: string | null,
    data: Record<string, unknown>,
    update?: (r: StudySessionRecord) => Partial<StudySessionRecord>,
    { onStep, also = () => true, proven }: { onStep?: string; also?: (r: StudySessionRecord) => boolean; proven?: ProvenEvent } = {},
  ): Promise<boolean> {
    const record = this.record;
    if (!record) return false;
    const when = onStep === undefined ? undefined : (r: StudySessionRecord) => r.assignment.stepOrder[r.position] === onStep && also(r);
    const logged = await appendStudyEvent(record.key, type, step, data, update, when, proven);
    if (!logged) {
      // Another tab moved on: show where the session is now.
      const current = await getStudySession(record.key);
      if (current) this.record = current;
      this.broadcast();
      return false;
    }
    const { event, session } = logged;
    this.record = session;
    this.sync = { ...this.sync, pending: this.sync.pending + 1 };
    this.post({ kind: 'event', session: session.session, event: loggedEvent(event) });
    this.broadcast();
    this.sender?.kick();
    return true;
  }

  async consent(): Promise<void> {
    await this.log('consent', null, { given: true }, () => ({ consented: true }));
  }

  /** Starts the current step (once: a reload finds its draft and does not start it again). */
  async enterStep(initialText: string): Promise<StepDraft> {
    const step = this.step!;
    const existing = this.record?.draft;
    if (existing && existing.step === step.id) return existing;
    const draft: StepDraft = { step: step.id, text: initialText, resolvedText: '', lastOutcome: null, startedWall: new Date().toISOString() };
    await this.log('step-start', step.id, { kind: step.type, position: this.record!.position }, () => ({ draft }));
    return draft;
  }

  /** Keeps the step's draft (the participant's text) without logging an event. */
  async saveDraft(change: Partial<StepDraft>): Promise<void> {
    const record = this.record;
    if (!record?.draft) return;
    const step = record.draft.step;
    // Only onto this step's draft: a write that lands after the step ended must not touch the next one's.
    const next = await updateStudySession(record.key, (r) => (r.draft?.step === step ? { draft: { ...r.draft, ...change } } : {}));
    if (next) this.record = next;
    this.broadcast();
  }

  /**
   * Logs the answer to the question `stepId`, once: not when another tab of the session has
   * answered it or moved past it (the check and the write are one transaction). False then.
   */
  async answer(stepId: string, data: Record<string, unknown>): Promise<boolean> {
    return this.log('answer', stepId, data, (r) => (r.draft ? { draft: { ...r.draft, answered: true } } : {}), { onStep: stepId, also: (r) => r.draft?.step === stepId && !r.draft.answered });
  }

  /** Ends `stepId` (the current step) and moves to the next one, unless another tab of the session ended it already. */
  async endStep(outcome: StepOutcome, data: Record<string, unknown> = {}, stepId = this.step?.id, proven?: ProvenEvent): Promise<void> {
    if (stepId === undefined) return;
    await this.log('step-end', stepId, { outcome, ...data }, (r) => ({ position: r.position + 1, draft: null }), { onStep: stepId, proven });
  }

  /** Saves this session's log as this device keeps it (the only copy of what the server refused). */
  async downloadDeviceLog(): Promise<void> {
    const record = this.record;
    if (!record) return;
    const log = deviceLog({ studyId: record.studyId, session: record.session, participant: record.participant, condition: record.assignment.condition }, await sessionEvents(record.session));
    downloadJson(deviceLogName(log), log);
  }

  screen(): ParticipantScreen | null {
    const record = this.record;
    if (!record) return null;
    const step = this.step;
    return {
      studyId: record.studyId,
      participant: record.participant,
      session: record.session,
      condition: record.assignment.condition,
      source: record.assignment.source,
      position: record.position,
      total: record.assignment.stepOrder.length,
      stepId: step?.id ?? null,
      stepTitle: step ? (step.type === 'task' ? step.title : step.prompt) : record.consented ? 'Finished' : 'Consent',
      text: this.screenText,
      lastOutcome: this.screenOutcome,
      pending: this.sync.pending,
      refused: this.sync.refused,
      // Only a failure's line: "Saving…" would flicker at every send.
      syncLine: this.sync.failing || this.sync.fatal !== null ? (syncLine(this.sync)?.text ?? null) : null,
      updatedAt: new Date().toISOString(),
    };
  }

  broadcast(): void {
    const screen = this.screen();
    if (screen) this.post({ kind: 'screen', screen });
  }

  private post(message: ToPanel): void {
    try {
      this.channel?.postMessage(message);
    } catch {
      // A closed channel: the panel is not there, nothing to tell.
    }
  }

  private async fromPanel(message: ToParticipant): Promise<void> {
    const record = this.record;
    if (!record || typeof message !== 'object' || message === null) return;
    if (message.kind === 'hello') {
      this.broadcast();
      for (const e of (await sessionEvents(record.session)).slice(-200)) this.post({ kind: 'event', session: record.session, event: loggedEvent(e) });
      return;
    }
    if (message.session !== record.session) return;
    // Logged as the panel made them, with its id, times and proof: the server takes them only so.
    if (!isEventId(message.id) || typeof message.proof !== 'string' || typeof message.wall !== 'string' || !isRealIsoTime(message.wall, 'instant') || !(Number.isFinite(message.mono) && message.mono >= 0)) return;
    const proven = { id: message.id, wall: message.wall, mono: message.mono, proof: message.proof };
    if (message.kind === 'note' && typeof message.text === 'string') await this.log('note', message.step, noteData(message.text), undefined, { proven });
    if (message.kind === 'mark' && this.step?.id === message.step && isResearcherOutcome(message.outcome)) await this.endStep(message.outcome, markData(message.outcome), message.step, proven);
  }
}

export const studySession = new StudySession();
