// Turns dossier rows into per-unit month counts and, at the end, canonical metric rows. Memory is
// bounded by the number of distinct units and cell values, never by the number of rows.
//
// Decisions (also in the report to the lead):
// - Rows outside month M's scope (received after M, or resolved before M starts) are skipped after
//   their two dates are read; only those two dates must then be valid.
// - A row with an unknown unit is not counted; the problem is reported once per distinct unit
//   name with the number of rows and the first row, so a 1M-row list with one unregistered unit
//   gives one quarantine entry, not 100,000 identical ones.
// - fee_dossiers is emitted only when the list has a fee column ("Phí, lệ phí", "Thủ tục có phí",
//   "Nghĩa vụ tài chính": Có/Không or an amount); a dossier paid online counts as having a fee.
//   paid_online, fee_dossiers and components_digitized(_base) count dossiers received in M;
//   result_digitized(_base) count dossiers resolved in M (returned and withdrawn included).
// - Metrics are emitted for units with at least one valid row in the file (in M or not): a unit
//   absent from the list is unknown, not zero.
import type { MetricRow, ParseEvent, ParseProblem } from '../../src/core/connector-contract.js';
import type { Period } from '../../src/core/period.js';
import { foldHeader } from '../one-door/header-text.js';
import { columnLetter } from '../one-door/sheet-cell.js';
import type { DossierCells } from './dossier-cells.js';
import type { DossierField, DossierListLayout } from './dossier-list-layout.js';
import {
  countDossier,
  monthDays,
  UnitMonthTally,
  VERDICT_CHANNEL_INVALID,
  VERDICT_CHANNEL_MISSING,
  VERDICT_CLOSED_WITHOUT_RESULT,
  VERDICT_COUNTED,
  VERDICT_DEADLINE_INVALID,
  VERDICT_DEADLINE_MISSING,
  VERDICT_OUT_OF_MONTH,
  VERDICT_RECEIVED_INVALID,
  VERDICT_RECEIVED_MISSING,
  VERDICT_RESULT_BEFORE_RECEIVED,
  VERDICT_RESULT_INVALID,
  type DossierFacts,
  type MonthDays,
} from './dossier-month-tally.js';
import {
  channelOf,
  CHANNEL_BLANK,
  FLAG_INVALID,
  FLAG_NO,
  feeOf,
  flagOf,
  statusOf,
  STATUS_OTHER,
  type Channel,
  type DossierStatus,
  type Flag,
} from './dossier-values.js';
import { InternedField } from './interned-field.js';
import type { SourceLocation } from '../../src/core/source.js';
import { UnknownUnitError, type UnitRegistry } from '../../src/core/unit-registry.js';

interface UnknownUnit {
  readonly name: string;
  readonly error: UnknownUnitError;
  readonly firstLine: number;
  readonly sheet: string | undefined;
  rows: number;
}

type UnitSlot = { readonly tally: UnitMonthTally } | { readonly unknown: UnknownUnit } | null;

const DATE_EXPECTED = 'ngày dạng dd/MM/yyyy hoặc dd/MM/yyyy HH:mm[:ss]';
const FLAG_EXPECTED = 'Có hoặc Không';

/**
 * Counts a dossier list for one month.
 * @example const a = new DossierListAggregator({ period, registry, file: 'ds.csv' }); a.useLayout(layout); a.accept(cells); a.finish()
 */
export class DossierListAggregator {
  readonly #period: Period;
  readonly #registry: UnitRegistry;
  readonly #file: string;
  readonly #month: MonthDays;
  readonly #tallies = new Map<string, UnitMonthTally>();
  readonly #unknownUnits = new Map<string, UnknownUnit>();
  readonly #facts: DossierFacts = {
    received: 0,
    deadline: 0,
    result: 0,
    channel: CHANNEL_BLANK,
    status: STATUS_OTHER,
    paidOnline: FLAG_NO,
    fee: FLAG_NO,
    electronicResult: FLAG_NO,
    componentsDigitized: FLAG_NO,
  };
  #layout: DossierListLayout | null = null;
  /** The row being read, for the first-row of an unknown unit. */
  #currentLine = 0;
  #sheet: string | undefined;
  #sawPaid = false;
  #sawFee = false;
  #sawElectronic = false;
  #sawComponents = false;
  // Column indexes, copied out of the layout for the hot path (-1 = absent).
  #unit = -1;
  #unitCode = -1;
  #received = -1;
  #deadline = -1;
  #result = -1;
  #channel = -1;
  #status = -1;
  #paid = -1;
  #fee = -1;
  #electronic = -1;
  #components = -1;
  // Value caches live as long as the aggregator: a unit spelled the same way is resolved once per file.
  readonly #unitByName: InternedField<UnitSlot>;
  readonly #unitByCode: InternedField<UnitSlot>;
  readonly #channels = new InternedField<Channel>(channelOf);
  readonly #statuses = new InternedField<DossierStatus>(statusOf);
  readonly #flags = new InternedField<Flag>(flagOf);
  readonly #fees = new InternedField<Flag>(feeOf);

  constructor(options: { period: Period; registry: UnitRegistry; file: string }) {
    this.#period = options.period;
    this.#registry = options.registry;
    this.#file = options.file;
    this.#month = monthDays(options.period);
    this.#unitByName = new InternedField((name) => this.#resolveName(name));
    this.#unitByCode = new InternedField((code) => this.#resolveCode(code));
  }

  /** Sets the columns of the rows that follow (a workbook may hold the list over several sheets). */
  useLayout(layout: DossierListLayout, sheet?: string): void {
    const column = (field: DossierField): number => layout.columns[field] ?? -1;
    this.#layout = layout;
    this.#sheet = sheet;
    this.#unit = column('unit');
    this.#unitCode = column('unitCode');
    this.#received = column('received');
    this.#deadline = column('deadline');
    this.#result = column('result');
    this.#channel = column('channel');
    this.#status = column('status');
    this.#paid = column('paidOnline');
    this.#fee = column('fee');
    this.#electronic = column('electronicResult');
    this.#components = column('componentsDigitized');
    this.#sawPaid ||= this.#paid >= 0;
    this.#sawFee ||= this.#fee >= 0;
    this.#sawElectronic ||= this.#electronic >= 0;
    this.#sawComponents ||= this.#components >= 0;
  }

  /** Counts one row; returns the problem that keeps it out of the counts, if any. */
  accept(cells: DossierCells): ParseProblem | null {
    this.#currentLine = cells.line;
    let slot: UnitSlot = null;
    if (this.#unitCode >= 0) slot = cells.classified(this.#unitCode, this.#unitByCode);
    if (slot === null) slot = cells.classified(this.#unit, this.#unitByName);
    if (slot === null) {
      if (cells.isBlank() || this.#isTotalsRow(cells)) return null;
      return this.#problem(cells, 'unit', null, 'tên đơn vị tiếp nhận', 'thiếu tên đơn vị');
    }
    if ('unknown' in slot) {
      slot.unknown.rows++;
      return null;
    }
    const facts = this.#facts;
    facts.received = cells.day(this.#received);
    facts.deadline = cells.day(this.#deadline);
    facts.result = cells.day(this.#result);
    facts.channel = cells.classified(this.#channel, this.#channels);
    facts.status = this.#status >= 0 ? cells.classified(this.#status, this.#statuses) : STATUS_OTHER;
    facts.paidOnline = this.#paid >= 0 ? cells.classified(this.#paid, this.#flags) : FLAG_NO;
    facts.fee = this.#fee >= 0 ? cells.classified(this.#fee, this.#fees) : FLAG_NO;
    facts.electronicResult = this.#electronic >= 0 ? cells.classified(this.#electronic, this.#flags) : FLAG_NO;
    facts.componentsDigitized = this.#components >= 0 ? cells.classified(this.#components, this.#flags) : FLAG_NO;
    if (facts.paidOnline === FLAG_INVALID) return this.#flagProblem(cells, 'paidOnline');
    if (facts.fee === FLAG_INVALID) return this.#problem(cells, 'fee', cells.text(this.#fee), 'Có, Không hoặc số tiền', 'giá trị phí, lệ phí không đọc được');
    if (facts.electronicResult === FLAG_INVALID) return this.#flagProblem(cells, 'electronicResult');
    if (facts.componentsDigitized === FLAG_INVALID) return this.#flagProblem(cells, 'componentsDigitized');
    const verdict = countDossier(slot.tally, facts, this.#month);
    if (verdict === VERDICT_COUNTED || verdict === VERDICT_OUT_OF_MONTH) return null;
    return this.#verdictProblem(cells, verdict);
  }

  /** Metric rows per unit (sorted by unit code), then problems found only at the end. */
  finish(): ParseEvent[] {
    const events: ParseEvent[] = [];
    const tallies = [...this.#tallies.values()].filter((t) => t.rows > 0).sort((a, b) => a.unitCode.localeCompare(b.unitCode));
    for (const tally of tallies) {
      const location: SourceLocation = { file: this.#file, unit: tally.unitCode };
      const metric = (key: string, value: number): void => {
        const row: MetricRow = { period: this.#period, unitCode: tally.unitCode, metric: key, value, location };
        events.push({ kind: 'metric', row });
      };
      metric('received_online', tally.receivedOnline);
      metric('received_offline', tally.receivedOffline);
      metric('carried_over', tally.carriedOver);
      metric('resolved_early', tally.resolvedEarly);
      metric('resolved_on_time', tally.resolvedOnTime);
      metric('resolved_late', tally.resolvedLate);
      metric('pending_in_time', tally.pendingInTime);
      metric('pending_late', tally.pendingLate);
      if (this.#sawPaid) metric('paid_online', tally.paidOnline);
      if (this.#sawFee) metric('fee_dossiers', tally.feeDossiers);
      if (this.#sawElectronic) {
        metric('result_digitized', tally.resultDigitized);
        metric('result_digitized_base', tally.resolved);
      }
      if (this.#sawComponents) {
        metric('components_digitized', tally.componentsDigitized);
        metric('components_digitized_base', tally.received);
      }
      const broken = tally.checkIdentity();
      if (broken) {
        events.push({
          kind: 'problem',
          problem: {
            location,
            found: `tiếp nhận + từ kỳ trước = ${broken.inflow}; đã giải quyết + đang giải quyết = ${broken.outflow}`,
            expected: 'hai vế bằng nhau',
            reason: `${tally.unitName}: số hồ sơ tiếp nhận và từ kỳ trước không bằng số đã và đang giải quyết`,
          },
        });
      }
    }
    for (const unknown of [...this.#unknownUnits.values()].sort((a, b) => a.firstLine - b.firstLine)) {
      if (unknown.rows === 0) continue;
      events.push({
        kind: 'problem',
        problem: {
          location: this.#location(unknown.firstLine, this.#unit, unknown.sheet),
          found: unknown.name,
          expected: unknown.error.closest.length ? unknown.error.closest.join('; ') : 'một đơn vị trong danh mục',
          reason: `${unknown.error.message}. ${unknown.rows} hồ sơ của đơn vị này (từ dòng ${unknown.firstLine}) không được tính`,
        },
      });
    }
    return events;
  }

  #resolveName(name: string): UnitSlot {
    if (name.trim() === '') return null;
    try {
      return this.#slotOf(this.#registry.match({ name }, this.#period).unit);
    } catch (error) {
      if (!(error instanceof UnknownUnitError)) throw error;
      return { unknown: this.#unknownUnit(name, error) };
    }
  }

  /** A unit code decides alone when known; an unknown code falls back to the name (null). */
  #resolveCode(code: string): UnitSlot {
    if (code.trim() === '') return null;
    try {
      return this.#slotOf(this.#registry.match({ code }, this.#period).unit);
    } catch (error) {
      if (error instanceof UnknownUnitError && error.reason === 'not-valid-in-period') return { unknown: this.#unknownUnit(code, error) };
      return null;
    }
  }

  #slotOf(unit: { code: string; displayName: string }): UnitSlot {
    let tally = this.#tallies.get(unit.code);
    if (tally === undefined) {
      tally = new UnitMonthTally(unit.code, unit.displayName);
      this.#tallies.set(unit.code, tally);
    }
    return { tally };
  }

  #unknownUnit(name: string, error: UnknownUnitError): UnknownUnit {
    const key = name.normalize('NFC').trim();
    let unknown = this.#unknownUnits.get(key);
    if (unknown === undefined) {
      // The first row that shows the name is the one being read now.
      unknown = { name: key, error, firstLine: this.#currentLine, sheet: this.#sheet, rows: 0 };
      this.#unknownUnits.set(key, unknown);
    }
    return unknown;
  }

  #isTotalsRow(cells: DossierCells): boolean {
    for (let column = 0; column < 4; column++) {
      const text = foldHeader(cells.text(column));
      if (text !== '') return text.startsWith('tong') || text.startsWith('cong');
    }
    return false;
  }

  #location(line: number, column: number, sheet = this.#sheet): SourceLocation {
    const location: SourceLocation = { file: this.#file, row: line };
    if (sheet !== undefined) location.sheet = sheet;
    if (column >= 0) location.column = columnLetter(column + 1);
    return location;
  }

  #dossierLabel(cells: DossierCells): string {
    const id = this.#layout?.columns.dossierId;
    const text = id === undefined ? '' : cells.text(id).trim();
    return text ? `Hồ sơ ${text}` : `Hồ sơ ở dòng ${cells.line}`;
  }

  #problem(cells: DossierCells, field: DossierField, found: string | null, expected: string, why: string): ParseProblem {
    const column = this.#layout?.columns[field] ?? -1;
    const header = column >= 0 ? this.#layout!.headers[column] : undefined;
    return {
      location: this.#location(cells.line, column),
      found,
      expected,
      reason: `${this.#dossierLabel(cells)}: ${why}${header ? ` (cột '${header}')` : ''}`,
    };
  }

  #flagProblem(cells: DossierCells, field: 'paidOnline' | 'electronicResult' | 'componentsDigitized'): ParseProblem {
    const column = this.#layout!.columns[field]!;
    return this.#problem(cells, field, cells.text(column), FLAG_EXPECTED, 'giá trị Có/Không không đọc được');
  }

  #verdictProblem(cells: DossierCells, verdict: number): ParseProblem {
    const text = (column: number): string => cells.text(column).trim();
    switch (verdict) {
      case VERDICT_RECEIVED_MISSING:
        return this.#problem(cells, 'received', null, DATE_EXPECTED, 'thiếu ngày tiếp nhận');
      case VERDICT_RECEIVED_INVALID:
        return this.#problem(cells, 'received', text(this.#received), DATE_EXPECTED, 'ngày tiếp nhận không phải ngày hợp lệ');
      case VERDICT_RESULT_INVALID:
        return this.#problem(cells, 'result', text(this.#result), `${DATE_EXPECTED}, hoặc để trống khi chưa có kết quả`, 'ngày có kết quả không phải ngày hợp lệ');
      case VERDICT_RESULT_BEFORE_RECEIVED:
        return this.#problem(cells, 'result', text(this.#result), `không trước ngày tiếp nhận ${text(this.#received)}`, 'ngày có kết quả trước ngày tiếp nhận');
      case VERDICT_DEADLINE_MISSING:
        return this.#problem(cells, 'deadline', null, DATE_EXPECTED, 'thiếu ngày hẹn trả: không xác định được đúng hạn hay quá hạn');
      case VERDICT_DEADLINE_INVALID:
        return this.#problem(cells, 'deadline', text(this.#deadline), DATE_EXPECTED, 'ngày hẹn trả không phải ngày hợp lệ');
      case VERDICT_CHANNEL_MISSING:
        return this.#problem(cells, 'channel', null, 'Trực tuyến, Trực tiếp hoặc Dịch vụ bưu chính', 'thiếu hình thức nộp');
      case VERDICT_CHANNEL_INVALID:
        return this.#problem(cells, 'channel', text(this.#channel), 'Trực tuyến, Trực tiếp hoặc Dịch vụ bưu chính', 'hình thức nộp không nhận biết được');
      case VERDICT_CLOSED_WITHOUT_RESULT:
        return this.#problem(
          cells,
          'result',
          null,
          'ngày có kết quả (ngày trả kết quả, trả lại hoặc rút hồ sơ)',
          `trạng thái '${this.#status >= 0 ? text(this.#status) : ''}' nhưng không có ngày có kết quả: không xác định được tháng giải quyết`,
        );
      default:
        return this.#problem(cells, 'unit', null, 'một hồ sơ đọc được', `lỗi không xác định (${verdict})`);
    }
  }
}
