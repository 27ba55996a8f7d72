/**
 * The worker asks for the bundled scenarios' list and the page's default scenario as it starts
 * (src/cache/bundled.ts, `fetchBundleAhead`), so that a first visit does not wait for them.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchBundleAhead, fetchBundledIndex } from '../../../src/cache/bundled.ts';
import type { LoadedIndex } from '../../../src/core/index.ts';
import bundledList from '../../../public/scenarios/index.json?raw';
import transitiveClash from '../../../public/scenarios/transitive-clash.json?raw';

function answering(files: Record<string, string>) {
  const asked: string[] = [];
  const fetch = vi.fn(async (url: URL | string) => {
    const href = String(url);
    asked.push(href);
    const body = files[href];
    return body === undefined ? new Response('not found', { status: 404 }) : new Response(body, { status: 200 });
  });
  vi.stubGlobal('fetch', fetch);
  return asked;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('fetchBundleAhead', () => {
  it('asks for index.json, then for the first scenario in the library order (the page’s default)', async () => {
    const list = [
      { id: 'success', title: 'Everything resolves', kind: 'success', description: '', file: 'success.json' },
      { id: 'b', title: 'B clash', kind: 'direct-clash', description: '', file: 'b.json' },
      { id: 'a', title: 'A clash', kind: 'direct-clash', description: '', file: 'a.json' },
    ];
    const asked = answering({ 'https://pipette.test/app/scenarios/index.json': JSON.stringify(list), 'https://pipette.test/app/scenarios/a.json': '{}' });
    fetchBundleAhead('https://pipette.test/app/');
    fetchBundleAhead('https://pipette.test/app/');
    await settle();
    expect(asked).toEqual(['https://pipette.test/app/scenarios/index.json', 'https://pipette.test/app/scenarios/a.json']);
  });

  it('asks for nothing more when the list is missing, a web page or malformed, and leaves no rejection unhandled', async () => {
    // Vitest fails the run on an unhandled rejection.
    const asked = answering({ 'https://other.test/scenarios/index.json': '<!doctype html><p>the app</p>', 'https://bad.test/scenarios/index.json': '[{"id": 1}]' });
    fetchBundleAhead('https://other.test/');
    fetchBundleAhead('https://missing.test/');
    fetchBundleAhead('https://bad.test/');
    await settle();
    await settle();
    expect(asked).toEqual(['https://other.test/scenarios/index.json', 'https://missing.test/scenarios/index.json', 'https://bad.test/scenarios/index.json']);
  });
});

describe('fetchBundledIndex', () => {
  it('reads a bundled scenario’s index from its file when the worker has it nowhere else', async () => {
    const base = 'https://pipette.test/again/';
    const asked = answering({
      [`${base}scenarios/index.json`]: bundledList,
      [`${base}scenarios/transitive-clash.json`]: transitiveClash,
    });
    fetchBundleAhead(base);
    const memory = new Map<string, LoadedIndex>();
    const loaded = await fetchBundledIndex('bundled:transitive-clash', memory);
    expect(loaded?.index.projects.has('typer')).toBe(true);
    expect(memory.get('bundled:transitive-clash')).toBe(loaded);
    expect(asked).toContain(`${base}scenarios/transitive-clash.json`);
    expect(await fetchBundledIndex('bundled:no-such-scenario', memory)).toBeNull();
    expect(await fetchBundledIndex('import:transitive-clash', memory)).toBeNull();
    expect([...memory.keys()]).toEqual(['bundled:transitive-clash']);
  });
});
