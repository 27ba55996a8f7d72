/**
 * A remote study end to end: `pipette study serve` on 127.0.0.1 with a two-task, one-question
 * study; two participants in two browser contexts on different conditions (the lab's face and
 * the terminal-only one). One reloads mid-task; the server is stopped and started again while
 * the other keeps working, so their events queue in IndexedDB and arrive later. The export
 * then holds every event exactly once, in order per participant, with the right condition.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { assign, parseStudy, type RecordedEvent } from '../../src/core/index.ts';
import { freePort, startStudyServerProcess, type StudyServerProcess } from '../support/study-server.ts';

const TOKEN = 'e2e-researcher-token-0123456789abcdef';
const STUDY = {
  format: 'pipette-study/1',
  id: 'e2e-study',
  title: 'Two tasks and a question',
  consent: 'We record what you do on this page.',
  conditions: [
    { name: 'lab', rollout: 50, flags: { voices: ['pip', 'plain'], fixes: true, wording: 'study-words' } },
    { name: 'terminal', rollout: 50, flags: { terminalOnly: true } },
  ],
  steps: [
    { type: 'task', id: 'numpy-pin', title: 'Make the install work', scenario: 'direct-clash', instructions: 'Change requirements.txt so that the install works.', success: { kind: 'resolves' }, annotation: 'Watch whether they read the numpy line.' },
    { type: 'task', id: 'which-package', title: 'Which package?', scenario: 'transitive-clash', instructions: 'Which package do they disagree about?', success: { kind: 'names-package', packages: ['click'] } },
    { type: 'question', id: 'clarity', prompt: 'How clear was the message?', answer: { kind: 'likert', points: 5, low: 'Not clear', high: 'Very clear' } },
  ],
  // The lab condition's words: what the participant reads is this variant's, not Pipette's own.
  wordings: [{ format: 'pipette-wording/1', id: 'study-words', name: 'Study words', language: 'en', description: '', templates: { pip: { 'conflict.head': 'ERROR (study wording): Cannot install {list} because these package versions have conflicting dependencies.' } } }],
};

/** Two participant ids the hash puts in different conditions. */
function participants(): { lab: string; terminal: string } {
  const study = parseStudy(STUDY);
  const ids = Array.from({ length: 100 }, (_, i) => `P${String(i + 1).padStart(2, '0')}`);
  return { lab: ids.find((p) => assign(study, p).condition === 'lab')!, terminal: ids.find((p) => assign(study, p).condition === 'terminal')! };
}

/** The events this page's IndexedDB holds, and how many the server has not acknowledged. */
/** The drafts of the sessions on this device, as JSON (a question's draft holds its answer so far). */
function localDrafts(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((resolve, reject) => {
        const open = indexedDB.open('pipette');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction('studySessions').objectStore('studySessions').getAll();
          all.onsuccess = () => {
            resolve(JSON.stringify((all.result as { draft: unknown }[]).map((r) => r.draft)));
            open.result.close();
          };
        };
      }),
  );
}

function localEvents(page: Page): Promise<{ ids: string[]; types: string[]; unsent: number }> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('pipette');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction('studyEvents').objectStore('studyEvents').getAll();
          all.onsuccess = () => {
            const events = all.result as { id: string; type: string; sent: number }[];
            resolve({ ids: events.map((e) => e.id), types: events.map((e) => e.type), unsent: events.filter((e) => e.sent === 0).length });
            open.result.close();
          };
        };
      }),
  );
}

async function typeInTerminal(page: Page, line: string): Promise<void> {
  await page.getByTestId('study-terminal').click();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

test.describe.configure({ timeout: 600_000 });

let dir: string;
let server: StudyServerProcess | null = null;

test.afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('two participants, a reload and a server restart: every event exported once, in order, with its condition', async ({ browser }) => {
  dir = mkdtempSync(join(tmpdir(), 'pipette-study-e2e-'));
  const studyFile = join(dir, 'study.json');
  writeFileSync(studyFile, JSON.stringify(STUDY));
  const port = await freePort();
  const args = [studyFile, '--data', join(dir, 'data'), '--researcher-token', TOKEN];
  server = await startStudyServerProcess(args, port);
  const base = server.url;
  const who = participants();

  const labContext = await browser.newContext();
  const terminalContext = await browser.newContext();
  const a = await labContext.newPage();
  const b = await terminalContext.newPage();

  // Participant A, the lab's face: edits, reloads mid-task, and finds the edit still there.
  await a.goto(`${base}/study?participant=${who.lab}`);
  await a.getByTestId('study-consent').click();
  const editor = a.getByTestId('study-requirements');
  await expect(editor).toHaveValue(/numpy==1\.24\.4/, { timeout: 60_000 });
  await editor.fill('pandas==2.2.2\nnumpy>=1.26\nmatplotlib>=3.7\n');
  await expect.poll(async () => (await localEvents(a)).types.filter((t) => t === 'edit').length, { timeout: 30_000 }).toBeGreaterThan(0);
  await a.reload();
  await expect(a.getByTestId('study-progress')).toHaveText('Step 1 of 3');
  await expect(a.getByTestId('study-requirements')).toHaveValue('pandas==2.2.2\nnumpy>=1.26\nmatplotlib>=3.7\n', { timeout: 60_000 });

  // Participant B, terminal only, starts while the server is up.
  await b.goto(`${base}/study?participant=${who.terminal}`);
  await b.getByTestId('study-consent').click();
  await expect(b.getByTestId('study-terminal')).toContainText('simulated terminal', { timeout: 60_000 });
  await expect(b.getByTestId('study-sync')).toHaveText(/All saved/, { timeout: 30_000 });

  // The server goes away; B keeps working and the events queue on B's device.
  await server.stop();
  await typeInTerminal(b, 'pip install -r requirements.txt');
  await expect(b.getByTestId('study-terminal')).toContainText('ResolutionImpossible', { timeout: 60_000 });
  await typeInTerminal(b, 'nano requirements.txt');
  await b.getByTestId('study-terminal-editor').fill('pandas==2.2.2\nnumpy>=1.26\n');
  await b.getByTestId('study-terminal-save').click();
  await typeInTerminal(b, 'pip install -r requirements.txt');
  await expect(b.getByTestId('study-progress')).toHaveText('Step 2 of 3', { timeout: 60_000 });
  await b.getByTestId('study-give-up').click();
  await b.getByTestId('study-give-up-confirm').click();
  await expect(b.getByTestId('study-progress')).toHaveText('Step 3 of 3');
  await b.getByText('Very clear').waitFor();
  await b.getByRole('radio').nth(1).check();
  await b.getByTestId('study-answer').click();
  await expect(b.getByTestId('study-finished')).toBeVisible();
  await expect(b.getByTestId('study-sync')).toContainText('waiting to be sent', { timeout: 30_000 });
  expect((await localEvents(b)).unsent).toBeGreaterThan(5);

  // Back up, on the same port and data: B's queue drains.
  server = await startStudyServerProcess(args, port);
  await expect(b.getByTestId('study-sync')).toHaveText(/All saved/, { timeout: 60_000 });

  // A finishes: the fixed numpy resolves, then names the package, then answers.
  await a.getByTestId('study-resolve').click();
  await expect(a.getByTestId('study-progress')).toHaveText('Step 2 of 3', { timeout: 60_000 });
  await a.getByTestId('study-resolve').click();
  await expect(a.getByTestId('study-message')).toContainText('click', { timeout: 60_000 });
  await expect(a.getByTestId('study-message')).toContainText('ERROR (study wording): Cannot install');
  await a.getByTestId('study-named-package').fill('Click');
  await a.getByRole('button', { name: 'Answer' }).click();
  await expect(a.getByTestId('study-progress')).toHaveText('Step 3 of 3');
  await a.getByRole('radio').nth(3).check();
  // An answer given but not yet sent survives a reload, as a task's text does.
  await expect.poll(async () => localDrafts(a), { timeout: 30_000 }).toContain('\\"scale\\":4');
  await a.reload();
  await expect(a.getByTestId('study-progress')).toHaveText('Step 3 of 3', { timeout: 60_000 });
  await expect(a.getByRole('radio').nth(3)).toBeChecked();
  await a.getByTestId('study-answer').click();
  await expect(a.getByTestId('study-finished')).toBeVisible();
  await expect(a.getByTestId('study-sync')).toHaveText(/All saved/, { timeout: 60_000 });

  // The export, as the researcher gets it.
  const response = await fetch(`${base}/api/results`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  expect(response.status).toBe(200);
  const exported = (await response.json()) as { events: RecordedEvent[]; sessions: { id: string; participant: string; condition: string }[] };
  expect(exported.sessions.map((s) => [s.participant, s.condition]).sort()).toEqual([[who.lab, 'lab'], [who.terminal, 'terminal']].sort());

  for (const [page, participant, condition] of [[a, who.lab, 'lab'], [b, who.terminal, 'terminal']] as const) {
    const local = await localEvents(page);
    expect(local.unsent).toBe(0);
    const mine = exported.events.filter((e) => e.participant === participant);
    // Exactly once: the same ids as the page logged, none twice.
    expect(mine.map((e) => e.id).sort()).toEqual([...local.ids].sort());
    expect(new Set(mine.map((e) => e.id)).size).toBe(mine.length);
    // In order, with no gap, and each with the participant's condition.
    expect(mine.map((e) => e.seq)).toEqual(mine.map((_, i) => i));
    expect(new Set(mine.map((e) => e.condition))).toEqual(new Set([condition]));
    expect(mine[0]!.type).toBe('session-start');
  }
  const ends = (participant: string) => exported.events.filter((e) => e.participant === participant && e.type === 'step-end').map((e) => [e.step, e.data.outcome]);
  expect(ends(who.lab)).toEqual([['numpy-pin', 'success'], ['which-package', 'success'], ['clarity', 'answered']]);
  expect(ends(who.terminal)).toEqual([['numpy-pin', 'success'], ['which-package', 'gave-up'], ['clarity', 'answered']]);
  expect(exported.events.filter((e) => e.participant === who.lab && e.type === 'resume')).toHaveLength(2);
  expect(exported.events.some((e) => e.participant === who.terminal && e.type === 'command' && e.data.command === 'nano requirements.txt')).toBe(true);

  const csv = await (await fetch(`${base}/api/results/events.csv`, { headers: { Authorization: `Bearer ${TOKEN}` } })).text();
  expect(csv.trim().split('\r\n')).toHaveLength(exported.events.length + 1);
  await labContext.close();
  await terminalContext.close();
});

test('the researcher panel follows a moderated session in a second window: live screen, notes, marking, results', async ({ browser }) => {
  const panelDir = mkdtempSync(join(tmpdir(), 'pipette-study-panel-'));
  const studyFile = join(panelDir, 'study.json');
  writeFileSync(studyFile, JSON.stringify(STUDY));
  const panelServer = await startStudyServerProcess([studyFile, '--data', join(panelDir, 'data'), '--researcher-token', TOKEN], await freePort());
  try {
    const context = await browser.newContext();
    const panel = await context.newPage();
    await panel.goto(`${panelServer.url}/study/researcher`);
    await expect(panel.getByRole('heading', { name: /Researcher panel: Two tasks/ })).toBeVisible({ timeout: 60_000 });
    const participant = await context.newPage();
    await participant.goto(`${panelServer.url}/study?participant=M01&condition=lab`);
    await participant.getByTestId('study-consent').click();
    await expect(participant.getByTestId('study-requirements')).toHaveValue(/numpy==1\.24\.4/, { timeout: 60_000 });

    // The participant's screen, live, and the hidden annotation once the token is given.
    await expect(panel.getByTestId('panel-step')).toHaveText('1 of 3: Make the install work', { timeout: 30_000 });
    await expect(panel.getByText('Watch whether they read the numpy line.')).toHaveCount(0);
    // Notes and marks are proven with the token: without it the panel can't make them.
    await panel.getByLabel(/^Note/).fill('Before the token');
    await expect(panel.getByRole('button', { name: 'Add note' })).toBeDisabled();
    await expect(panel.getByRole('button', { name: 'Mark the task succeeded' })).toBeDisabled();
    await expect(panel.getByTestId('panel-needs-token')).toBeVisible();
    await panel.getByLabel('Researcher token').fill(TOKEN);
    await panel.getByRole('button', { name: 'Show results' }).click();
    await expect(panel.getByText('Watch whether they read the numpy line.')).toBeVisible();
    await expect(participant.getByText('Watch whether they read')).toHaveCount(0);
    await expect(panel.getByTestId('panel-needs-token')).toHaveCount(0);

    await panel.getByLabel(/^Note/).fill('Hesitates over the two numpy lines');
    await panel.getByRole('button', { name: 'Add note' }).click();
    await expect(panel.getByText('Hesitates over the two numpy lines')).toBeVisible();
    await panel.getByRole('button', { name: 'Mark the task succeeded' }).click();
    await expect(participant.getByTestId('study-progress')).toHaveText('Step 2 of 3');
    await expect(panel.getByTestId('panel-step')).toHaveText('2 of 3: Which package?');
    await expect(participant.getByTestId('study-sync')).toHaveText(/All saved/, { timeout: 30_000 });

    await panel.getByRole('button', { name: 'Refresh' }).click();
    await expect(panel.locator('canvas')).toHaveCount(2);
    await expect(panel.getByRole('row', { name: /lab numpy-pin 1 1 \(100%\)/ })).toBeVisible();
    const exported = (await (await fetch(`${panelServer.url}/api/results`, { headers: { Authorization: `Bearer ${TOKEN}` } })).json()) as { events: RecordedEvent[] };
    expect(exported.events.find((e) => e.type === 'note')).toMatchObject({ step: 'numpy-pin', condition: 'lab', data: { text: 'Hesitates over the two numpy lines', by: 'researcher' } });
    expect(exported.events.find((e) => e.type === 'step-end')).toMatchObject({ step: 'numpy-pin', data: { outcome: 'marked-success' } });
    // The participant's own session token can't add a note: the server wants the panel's proof.
    const local = await participant.evaluate(
      () =>
        new Promise<{ session: string; token: string }>((resolve) => {
          const open = indexedDB.open('pipette');
          open.onsuccess = () => {
            const all = open.result.transaction('studySessions').objectStore('studySessions').getAll();
            all.onsuccess = () => resolve(all.result[0] as { session: string; token: string });
          };
        }),
    );
    const forged = await fetch(`${panelServer.url}/api/sessions/${local.session}/events`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${local.token}` },
      body: JSON.stringify({ events: [{ id: 'forged-note-0001', seq: 999, type: 'note', step: null, wall: new Date().toISOString(), mono: 1, data: { text: 'Did great', by: 'researcher' } }] }),
    });
    expect(forged.status).toBe(403);
    expect(await forged.json()).toMatchObject({ field: 'events.0.proof' });
    expect(exported.events.find((e) => e.type === 'session-start')!.data.assignment).toMatchObject({ condition: 'lab', source: 'override' });
    await context.close();
  } finally {
    await panelServer.stop();
    rmSync(panelDir, { recursive: true, force: true });
  }
});

test('a note and a mark queued while the server restarts with another researcher token: set aside on the device, and the session goes on', async ({ browser }) => {
  const restartDir = mkdtempSync(join(tmpdir(), 'pipette-study-refused-'));
  const studyFile = join(restartDir, 'study.json');
  writeFileSync(studyFile, JSON.stringify(STUDY));
  const port = await freePort();
  const args = (token: string) => [studyFile, '--data', join(restartDir, 'data'), '--researcher-token', token];
  let restartServer = await startStudyServerProcess(args(TOKEN), port);
  try {
    const context = await browser.newContext();
    const panel = await context.newPage();
    await panel.goto(`${restartServer.url}/study/researcher`);
    await panel.getByLabel('Researcher token').fill(TOKEN);
    await panel.getByRole('button', { name: 'Show results' }).click();
    await expect(panel.getByTestId('panel-needs-token')).toHaveCount(0, { timeout: 60_000 });
    const participant = await context.newPage();
    await participant.goto(`${restartServer.url}/study?participant=R01&condition=lab`);
    await participant.getByTestId('study-consent').click();
    await expect(participant.getByTestId('study-requirements')).toHaveValue(/numpy==1\.24\.4/, { timeout: 60_000 });
    await expect(participant.getByTestId('study-sync')).toHaveText(/All saved/, { timeout: 30_000 });

    // While the server is down, the panel signs a note and a mark with the token it had; they queue.
    await restartServer.stop();
    await panel.getByLabel(/^Note/).fill('Reads the numpy line twice');
    await panel.getByRole('button', { name: 'Add note' }).click();
    await panel.getByRole('button', { name: 'Mark the task succeeded' }).click();
    await expect(participant.getByTestId('study-progress')).toHaveText('Step 2 of 3');
    await expect(participant.getByTestId('study-sync')).toContainText('waiting to be sent', { timeout: 30_000 });
    // The panel says what the participant's page says of it.
    await expect(panel.getByTestId('panel-sync')).toContainText('waiting to be sent', { timeout: 30_000 });

    // Back with another researcher token: both are refused, set aside, and the rest is sent.
    restartServer = await startStudyServerProcess(args('another-researcher-token-0123456789'), port);
    await expect(participant.getByTestId('study-refused')).toContainText('refused 2 events', { timeout: 60_000 });
    await expect(participant.getByTestId('study-sync')).toHaveText(/All saved/, { timeout: 30_000 });
    await expect(panel.getByTestId('panel-refused')).toContainText('2');
    await expect(panel.getByTestId('panel-sync')).toHaveCount(0);
    // The participant goes on, and what they do reaches the server.
    await participant.getByTestId('study-give-up').click();
    await participant.getByTestId('study-give-up-confirm').click();
    await expect(participant.getByTestId('study-progress')).toHaveText('Step 3 of 3');
    await expect(participant.getByTestId('study-sync')).toHaveText(/All saved/, { timeout: 30_000 });

    const exported = ((await (await fetch(`${restartServer.url}/api/results`, { headers: { Authorization: 'Bearer another-researcher-token-0123456789' } })).json()) as { events: RecordedEvent[] }).events;
    expect(exported.map((e) => e.seq)).toEqual(exported.map((_, i) => i));
    expect(exported.filter((e) => e.type === 'refused').map((e) => [e.step, e.data.eventType, e.data.status])).toEqual([['numpy-pin', 'note', 403], ['numpy-pin', 'step-end', 403]]);
    expect(exported.filter((e) => e.type === 'step-end').map((e) => [e.step, e.data.outcome])).toEqual([['which-package', 'gave-up']]);
    expect(JSON.stringify(exported)).not.toContain('Reads the numpy line twice');

    // The refused note and mark are in the log the participant's page offers.
    const [download] = await Promise.all([participant.waitForEvent('download'), participant.getByTestId('study-download-log').click()]);
    const log = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { format: string; events: { type: string; state: string; data: Record<string, unknown>; refused?: { status: number } }[] };
    expect(log.format).toBe('pipette-study-device-log/1');
    expect(log.events.filter((e) => e.state === 'refused').map((e) => [e.type, e.data.text ?? e.data.outcome, e.refused?.status])).toEqual([['note', 'Reads the numpy line twice', 403], ['step-end', 'marked-success', 403]]);
    expect(log.events.filter((e) => e.state === 'waiting')).toEqual([]);
    await context.close();
  } finally {
    await restartServer.stop();
    rmSync(restartDir, { recursive: true, force: true });
  }
});

test('two tabs of one participant: a question answered in one is not answered again, nor the next one skipped, from the other', async ({ browser }) => {
  const tabsDir = mkdtempSync(join(tmpdir(), 'pipette-study-tabs-'));
  const studyFile = join(tabsDir, 'study.json');
  const questions = {
    ...STUDY,
    id: 'two-tabs',
    conditions: [{ name: 'only', rollout: 100, flags: {} }],
    steps: [
      { type: 'question', id: 'first', prompt: 'What did you expect?', answer: { kind: 'text', maxLength: 500 } },
      { type: 'question', id: 'second', prompt: 'How clear was it?', answer: { kind: 'likert', points: 5, low: 'Not clear', high: 'Very clear' } },
    ],
    wordings: [],
  };
  writeFileSync(studyFile, JSON.stringify(questions));
  const port = await freePort();
  const tabsServer = await startStudyServerProcess([studyFile, '--data', join(tabsDir, 'data'), '--researcher-token', TOKEN], port);
  try {
    const context = await browser.newContext();
    const one = await context.newPage();
    await one.goto(`${tabsServer.url}/study?participant=P-tabs`);
    await one.getByTestId('study-consent').click();
    await expect(one.getByRole('textbox')).toBeVisible({ timeout: 60_000 });
    // The same participant in a second tab, on the same first question.
    const two = await context.newPage();
    await two.goto(`${tabsServer.url}/study?participant=P-tabs`);
    await expect(two.getByRole('textbox')).toBeVisible({ timeout: 60_000 });

    await one.getByRole('textbox').fill('an error');
    await two.getByRole('textbox').fill('something else');
    // Both answer at once: one answer is kept, the step ends once, and the next is not skipped.
    await Promise.all([one.getByTestId('study-answer').click(), two.getByTestId('study-answer').click()]);
    for (const tab of [one, two]) await expect(tab.getByText('How clear was it?')).toBeVisible({ timeout: 30_000 });
    await expect(one.getByTestId('study-progress')).toHaveText('Step 2 of 2');
    const types = (await localEvents(one)).types;
    expect(types.filter((t) => t === 'answer')).toHaveLength(1);
    expect(types.filter((t) => t === 'step-end')).toHaveLength(1);
    const answers = async () => ((await (await fetch(`${tabsServer.url}/api/results`, { headers: { Authorization: `Bearer ${TOKEN}` } })).json()) as { events: RecordedEvent[] }).events.filter((e) => e.type === 'answer' || e.type === 'step-end').map((e) => [e.type, e.step]);
    await expect.poll(answers, { timeout: 30_000 }).toEqual([['answer', 'first'], ['step-end', 'first']]);
    await context.close();
  } finally {
    await tabsServer.stop();
    rmSync(tabsDir, { recursive: true, force: true });
  }
});

test('a start whose answer is lost, then a busy server: the page waits, says why, and the participant has one session', async ({ browser }) => {
  const startDir = mkdtempSync(join(tmpdir(), 'pipette-study-start-'));
  const studyFile = join(startDir, 'study.json');
  writeFileSync(studyFile, JSON.stringify({ ...STUDY, id: 'lost-start' }));
  const port = await freePort();
  const startServer = await startStudyServerProcess([studyFile, '--data', join(startDir, 'data'), '--researcher-token', TOKEN], port);
  try {
    const context = await browser.newContext();
    let starts = 0;
    await context.route('**/api/sessions', async (route) => {
      starts++;
      if (starts === 1) {
        // The server makes the session; its answer never reaches the page.
        await route.fetch();
        await route.abort('connectionreset');
      } else if (starts === 2) {
        await route.fulfill({ status: 503, headers: { 'Retry-After': '1', 'Content-Type': 'application/json' }, body: JSON.stringify({ error: 'The study server is restarting.', field: 'storage' }) });
      } else {
        await route.continue();
      }
    });
    const page = await context.newPage();
    await page.goto(`${startServer.url}/study?participant=P-lost-start`);
    await expect(page.getByTestId('study-start-waiting')).toContainText('The study server is restarting.', { timeout: 30_000 });
    await expect(page.getByTestId('study-consent')).toBeVisible({ timeout: 30_000 });
    expect(starts).toBe(3);
    const sessions = ((await (await fetch(`${startServer.url}/api/results`, { headers: { Authorization: `Bearer ${TOKEN}` } })).json()) as { sessions: { participant: string }[] }).sessions;
    expect(sessions.filter((s) => s.participant === 'P-lost-start')).toHaveLength(1);
    await context.close();
  } finally {
    await startServer.stop();
    rmSync(startDir, { recursive: true, force: true });
  }
});
