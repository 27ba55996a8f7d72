/**
 * The free space the study server keeps on the disk of its PGlite data folder. PGlite stops for
 * good when its disk fills in the middle of a write (see pglite.ts), so the writes that grow the
 * database (a new session, a batch of events) are refused with 507 while the disk has less free
 * than the reserve; what is stored stays readable and exportable, and the participants' pages
 * keep their events until there is room. With --database-url the disk is the PostgreSQL server's.
 */
import { statfs } from 'node:fs/promises';

const MIB = 1024 * 1024;

/**
 * 256 MiB unless told otherwise. PGlite writes its log (the WAL) in 16 MiB segments, and a folder
 * that was not closed cleanly (the server was killed, or its database stopped mid-write) is opened
 * again by replaying that log, which needs room for a new segment: with 13 MiB free such a folder
 * could not be opened at all, not even to export it. The writes of a second between two
 * measurements of the disk fit many times over, and the rest is for the researcher's export when
 * it is written to the same disk: the CSV of a study at its storage limit (128 MiB of event data)
 * is about that size.
 */
export const DEFAULT_DISK_RESERVE_MIB = 256;

/** Room for two WAL segments: one to open a folder that was not closed cleanly, one for the writes between two measurements. */
export const MIN_DISK_RESERVE_MIB = 32;

/** The bytes free on a disk for a process that is not root's: statfs's available blocks × block size. */
export type FreeSpace = () => Promise<number>;

export function freeSpaceOf(dir: string): FreeSpace {
  return async () => {
    const disk = await statfs(dir);
    return disk.bavail * disk.bsize;
  };
}

export interface DiskReserveOptions {
  /** MiB kept free. */
  readonly mib: number;
  /** The free space of the data folder's disk (freeSpaceOf) unless given. */
  readonly freeSpace?: FreeSpace;
  /** How long one measurement is used, so that requests don't each ask the disk (1 s unless given). */
  readonly maxAgeMs?: number;
  readonly now?: () => number;
}

/** The operator's log: the server's stderr. */
export type Report = (line: string) => void;

export const reportOnStderr: Report = (line) => void process.stderr.write(`pipette study: ${line}\n`);

/**
 * `report`, passing on at most one line a minute: for a fault that fails every request while it
 * lasts (a full disk, a busy database), the operator hears of it, not of each request.
 */
export function oncePerMinute(report: Report): Report {
  let reportedAt = -Infinity;
  return (line) => {
    if (performance.now() - reportedAt < 60_000) return;
    reportedAt = performance.now();
    report(line);
  };
}

export class DiskReserve {
  readonly mib: number;
  readonly bytes: number;
  private readonly freeSpace: FreeSpace;
  private readonly maxAgeMs: number;
  private readonly now: () => number;
  /** The last measurement, shared by the requests that arrive while it runs (null: unknown). */
  private measured: { readonly at: number; readonly free: Promise<number | null> } | null = null;
  /** The operator is told when refusals start and end, not at each request. */
  private refusing = false;
  private measureFailed = false;

  constructor(
    readonly dir: string,
    options: DiskReserveOptions,
    private readonly report: Report = reportOnStderr,
  ) {
    this.mib = options.mib;
    this.bytes = options.mib * MIB;
    this.freeSpace = options.freeSpace ?? freeSpaceOf(dir);
    this.maxAgeMs = options.maxAgeMs ?? 1000;
    this.now = options.now ?? (() => performance.now());
  }

  /** Why the database may not grow now (its disk has less free than the reserve), or null. */
  async noRoom(): Promise<string | null> {
    const free = await this.free();
    // Unknown: writes go on, as they would without a reserve.
    if (free === null) return null;
    const short = free < this.bytes;
    const freeMib = Math.floor(free / MIB);
    if (short !== this.refusing) {
      this.refusing = short;
      this.report(
        short
          ? `the disk of ${this.dir} has ${freeMib} MiB free, less than the ${this.mib} MiB the server keeps free: new sessions and events are refused (507) and the participants' pages keep their events until there is room; the results and exports still work. Free space on that disk (or lower the reserve with --disk-reserve).`
          : `the disk of ${this.dir} has room again (${freeMib} MiB free): new sessions and events are taken again.`,
      );
    }
    if (!short) return null;
    return `The server's disk is nearly full: ${freeMib} MiB free, the server keeps ${this.mib} MiB free so that its database stays whole and the results can be exported; later events stay on the participant's device. The researcher can free space on the server's disk or lower the reserve with "pipette study serve --disk-reserve MIB".`;
  }

  private free(): Promise<number | null> {
    const now = this.now();
    if (this.measured === null || now - this.measured.at >= this.maxAgeMs) this.measured = { at: now, free: this.measure() };
    return this.measured.free;
  }

  private async measure(): Promise<number | null> {
    try {
      const free = await this.freeSpace();
      this.measureFailed = false;
      return free;
    } catch (error) {
      if (!this.measureFailed) this.report(`could not measure the free space of the disk of ${this.dir} (${(error as Error).message}): writes go on without the disk reserve until it can be measured.`);
      this.measureFailed = true;
      return null;
    }
  }
}
