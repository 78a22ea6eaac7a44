// The shared words and clock of the CLI and the dashboard: Vietnam time, Vietnamese periods, codes
// named, network failures explained.
import { describe, expect, it } from 'vitest';
import { explainNetworkError, humanizeRunText, sourceTaskLabel, stageLabel } from '../../src/text/labels.js';
import { periodText } from '../../src/text/period-text.js';
import { clockTime, formatTime } from '../../src/text/time-text.js';

describe('src/text', () => {
  it('shows times on the Vietnam clock, HH:mm dd/MM/yyyy for the CLI', () => {
    expect(clockTime(new Date('2026-11-27T21:03:12Z'))).toBe('04:03 28/11/2026');
    expect(clockTime('2023-09-30T17:00:00Z')).toBe('00:00 01/10/2023');
    expect(clockTime(null)).toBe('—');
    expect(clockTime('not a time')).toBe('—');
  });

  it("keeps the dashboard's format (what vi-VN gives in Vietnam time)", () => {
    const intl = new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
    for (const iso of ['2026-11-27T21:03:12Z', '2023-01-01T00:00:00Z', '2025-06-30T16:59:59Z']) {
      expect(formatTime(iso)).toBe(intl.format(new Date(iso)));
    }
  });

  it('writes periods as an official does', () => {
    expect(periodText('2023-09')).toBe('tháng 9/2023');
    expect(periodText('2026-12', { capital: true })).toBe('Tháng 12/2026');
    expect(periodText('2026-Q3')).toBe('quý III/2026');
    expect(periodText('2026')).toBe('năm 2026');
    expect(periodText('whatever')).toBe('whatever');
  });

  it('names sources, stages and provinces', () => {
    const names = (code: string) => (code === '11' ? 'Điện Biên' : undefined);
    expect(sourceTaskLabel('portal/11', names)).toBe('Cổng DVCQG – tỉnh Điện Biên');
    expect(sourceTaskLabel('one-door/12')).toBe('Hệ thống một cửa – tỉnh 12');
    expect(stageLabel('capture:portal:11', names)).toBe('Thu thập · Cổng DVCQG · tỉnh Điện Biên');
    expect(stageLabel('score')).toBe('Chuẩn hoá, chấm điểm, lưu bảng điểm');
    expect(humanizeRunText('capture:portal:11: HTTP 500', names)).toBe('Thu thập · Cổng DVCQG · tỉnh Điện Biên: HTTP 500');
  });

  it('explains network failures instead of showing socket codes', () => {
    expect(explainNetworkError('connect ECONNREFUSED 127.0.0.1:9', 'portal')).toBe('không kết nối được Cổng DVCQG (từ chối kết nối)');
    expect(humanizeRunText('capture:portal:11: connect ECONNREFUSED 127.0.0.1:9')).toBe('Thu thập · Cổng DVCQG · tỉnh 11: không kết nối được Cổng DVCQG (từ chối kết nối)');
    expect(explainNetworkError('Hết thời gian chờ (ETIMEDOUT)', 'one-door')).toMatch(/không kết nối được Hệ thống một cửa \(hết thời gian chờ\)/);
    expect(explainNetworkError('HTTP 500 Internal Server Error')).toBe('HTTP 500 Internal Server Error');
  });
});
