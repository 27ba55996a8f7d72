// The cut-off of --exclude-newer against upload times: instants, not text.
import { describe, expect, it } from 'vitest';
import { uploadedAfter } from '../../../src/core/index/upload-time.ts';

describe('uploadedAfter', () => {
  it('compares instants, so offsets and UTC agree', () => {
    // 01:00 at +02:00 is 23:00 UTC the day before: not after midnight UTC, though its text sorts after.
    expect(uploadedAfter('2023-09-01T01:00:00+02:00', '2023-09-01')).toBe(false);
    expect(uploadedAfter('2023-09-01T10:00:00Z', '2023-09-01')).toBe(true);
    expect(uploadedAfter('2023-08-31T23:59:59.999Z', '2023-09-01T00:00:00Z')).toBe(false);
    expect(uploadedAfter('2023-09-01T00:00:00.001Z', '2023-09-01T00:00:00Z')).toBe(true);
    expect(uploadedAfter('2023-09-01T02:30:00+02:00', '2023-09-01T00:00:00Z')).toBe(true);
  });

  it('keeps a release with no upload time, and compares text that is not a date as text', () => {
    expect(uploadedAfter(null, '2023-09-01')).toBe(false);
    expect(uploadedAfter('someday', '2023-09-01')).toBe('someday' > '2023-09-01');
  });
});
