// The narrative settings file and its command-line overrides: validated with the field named.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseShare } from '../../src/cli/report-command.js';
import { getFramework } from '../../src/frameworks/framework.js';
import { pointsLevel } from '../../src/reports/narrative.js';
import { loadNarrativeSettings, parseNarrativeSettings, withThresholds } from '../../src/reports/narrative-settings.js';

const dir = mkdtempSync(join(tmpdir(), 'dvc-sync-settings-'));
const framework = getFramework('dien-bien-xa-2023');

describe('narrative settings', () => {
  it('loads the shipped file', () => {
    const settings = loadNarrativeSettings();
    expect(settings.thresholds).toEqual({ low: 0.5, veryLow: 0.2 });
    expect(settings.onTimeIndicators).toContain('tien_do');
    // Every on-time key names an indicator of some shipped framework.
    const keys = new Set([...['dien-bien-xa-2023', 'qd766-2022'].flatMap((f) => getFramework(f).indicators.map((i) => i.key))]);
    for (const key of settings.onTimeIndicators) expect(keys.has(key)).toBe(true);
  });

  it('refuses a broken file naming the file and the field', () => {
    expect(() => parseNarrativeSettings({ thresholds: { low: 0.5, veryLow: 0.6 } }, 'narrative.json')).toThrow(
      "Tệp cấu hình báo cáo narrative.json, trường 'thresholds.veryLow': ngưỡng 'rất thấp' (veryLow) phải nhỏ hơn ngưỡng 'thấp' (low)",
    );
    expect(() => parseNarrativeSettings({ thresholds: { low: 50, veryLow: 0.2 } }, 'narrative.json')).toThrow(/trường 'thresholds.low': cần một tỷ lệ không quá 1/);
    expect(() => parseNarrativeSettings({ thresholds: { low: 0.5, veryLow: 0.2 }, colour: 'red' }, 'narrative.json')).toThrow(/narrative.json/);
    const bad = join(dir, 'hong.json');
    writeFileSync(bad, '{ "thresholds": ');
    expect(() => loadNarrativeSettings(bad)).toThrow(/^Tệp cấu hình báo cáo hong.json: không đọc được JSON/);
  });

  it('applies command-line thresholds over the file, with the same checks', () => {
    const settings = loadNarrativeSettings();
    expect(withThresholds(settings, { low: 0.6 }).thresholds).toEqual({ low: 0.6, veryLow: 0.2 });
    expect(withThresholds(settings, { veryLow: 0.1 }).thresholds).toEqual({ low: 0.5, veryLow: 0.1 });
    expect(() => withThresholds(settings, { low: 0.1 })).toThrow(/Ngưỡng --low 0.1 \/ --very-low 0.2, trường 'veryLow'/);
    expect(parseShare('0,5')).toBe(0.5);
    expect(parseShare('20%')).toBe(0.2);
    expect(() => parseShare('0')).toThrow(/không phải tỷ lệ/);
    expect(() => parseShare('abc')).toThrow(/không phải tỷ lệ/);
  });

  it('judges points on the displayed value, the same for every maximum', () => {
    const t = { low: 0.5, veryLow: 0.2 };
    const dvtt1 = framework.indicators.find((i) => i.key === 'dvtt_1')!; // max 10
    const soHoa1 = framework.indicators.find((i) => i.key === 'so_hoa_1')!; // max 5
    expect(pointsLevel(framework, dvtt1, null, t)).toBe('missing');
    expect(pointsLevel(framework, dvtt1, 0, t)).toBe('zero');
    expect(pointsLevel(framework, dvtt1, 0.01, t)).toBe('veryLow'); // shown 0,0 but not zero: done, very low
    expect(pointsLevel(framework, dvtt1, 1.96, t)).toBe('low'); // shown 2,0 = 20 %
    expect(pointsLevel(framework, dvtt1, 1.94, t)).toBe('veryLow'); // shown 1,9
    expect(pointsLevel(framework, dvtt1, 4.96, t)).toBe('ok'); // shown 5,0
    expect(pointsLevel(framework, soHoa1, 0.94, t)).toBe('veryLow'); // shown 0,9 = 18 % of 5
    expect(pointsLevel(framework, soHoa1, 0.95, t)).toBe('low'); // shown 1,0 = 20 % of 5
    expect(pointsLevel(framework, soHoa1, 1, t)).toBe('low'); // 20 % of 5
    expect(pointsLevel(framework, soHoa1, 2.5, t)).toBe('ok'); // 50 % of 5
  });
});
