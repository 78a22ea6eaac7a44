// Source errors say themselves whether trying again may help: the pipeline reads `retriable` only.
import { describe, expect, it } from 'vitest';
import { PortalError } from '../../connectors/portal/portal-error.js';
import { SourceError, UnreadableSourceError } from '../../src/core/connector-contract.js';
import { parsePeriod } from '../../src/core/period.js';
import { describeLocation } from '../../src/core/source.js';

const where = { endpoint: 'transparency', period: parsePeriod('2023-09') };

describe('SourceError.retriable', () => {
  it('is true for timeouts, resets and server errors of the portal', () => {
    expect(new PortalError('timeout', 'chậm', { ...where, status: null }).retriable).toBe(true);
    expect(new PortalError('network', 'ECONNRESET', { ...where, status: null }).retriable).toBe(true);
    expect(new PortalError('http', 'HTTP 503', { ...where, status: 503 }).retriable).toBe(true);
  });

  it('is false for refusals, firewall pages, changed shapes and unreadable files', () => {
    for (const error of [
      new PortalError('http', 'HTTP 429', { ...where, status: 429 }),
      new PortalError('html', 'tường lửa', { ...where, status: 200 }),
      new PortalError('shape', 'thiếu trường', { ...where, status: 200, field: 'data[0].total' }),
      new PortalError('circuit-open', 'cầu dao', { ...where, status: null }),
      new UnreadableSourceError('không đọc được', { file: 'a.xlsx' }),
    ]) {
      expect(error).toBeInstanceOf(SourceError);
      expect(error.retriable, error.message).toBe(false);
    }
  });
});

describe('describeLocation', () => {
  it('names the file from the capture when the location has none', () => {
    expect(describeLocation({ sheet: 'Biểu', row: 12, column: 'E' }, 'a.xlsx')).toBe("Tệp a.xlsx, sheet 'Biểu', dòng 12, cột E");
    expect(describeLocation({ file: 'b.csv', row: 3 }, 'a.xlsx')).toBe('Tệp b.csv, dòng 3');
    expect(describeLocation({ endpoint: 'dvc-progress-tree', unit: 'Him Lam' })).toBe("endpoint dvc-progress-tree, đơn vị 'Him Lam'");
    expect(describeLocation({})).toBe('(không rõ vị trí)');
  });
});
