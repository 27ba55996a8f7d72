/** The disk reserve measures the free space at most once a second, whatever the requests, and a disk it can't measure does not stop the study. */
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { DiskReserve, freeSpaceOf } from '../../../src/server/disk-reserve.ts';

const MIB = 1024 * 1024;

describe('the disk reserve', () => {
  it('measures once for the requests that arrive together, and again only after a second', async () => {
    let now = 0;
    let measurements = 0;
    const reserve = new DiskReserve('/data', { mib: 256, freeSpace: async () => (measurements++, 100 * MIB), now: () => now }, () => undefined);
    const answers = await Promise.all(Array.from({ length: 20 }, () => reserve.noRoom()));
    expect(measurements).toBe(1);
    expect(new Set(answers).size).toBe(1);
    expect(answers[0]).toContain("The server's disk is nearly full: 100 MiB free, the server keeps 256 MiB free");
    now = 999;
    await reserve.noRoom();
    expect(measurements).toBe(1);
    now = 1000;
    await reserve.noRoom();
    expect(measurements).toBe(2);
  });

  it('lets writes go on when the disk can not be measured, and tells the operator once', async () => {
    const log: string[] = [];
    const reserve = new DiskReserve('/data', { mib: 256, freeSpace: async () => Promise.reject(new Error('EACCES: permission denied')), maxAgeMs: 0 }, (line) => log.push(line));
    for (let i = 0; i < 3; i++) expect(await reserve.noRoom()).toBeNull();
    expect(log).toEqual(['could not measure the free space of the disk of /data (EACCES: permission denied): writes go on without the disk reserve until it can be measured.']);
  });

  it("measures a real folder's disk", async () => {
    expect(await freeSpaceOf(tmpdir())()).toBeGreaterThan(0);
  });
});
