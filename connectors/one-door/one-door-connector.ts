// The one-door connector: summary exports of a provincial one-door system (Biểu II.06a/VPCP/KSTT and
// the vendors' 766 follow-up sheets), one row per unit, as XLSX or CSV dropped by an operator.
import type { Connector, ConnectorDescription } from '../../src/core/connector-contract.js';
import { spreadsheetFileConfigSchema, spreadsheetFileConnector, type SpreadsheetFileConfig } from './file-capture.js';
import { REQUIRED_SUMMARY_COLUMNS } from './one-door-layout.js';
import { parseOneDoorExport, type OneDoorParseOptions } from './one-door-parser.js';

export const oneDoorConfigSchema = spreadsheetFileConfigSchema;
export type OneDoorConfig = SpreadsheetFileConfig;

/** Metrics a one-door export can give (follow-up ones only when the workbook has those sheets). */
export const ONE_DOOR_METRICS = [
  ...REQUIRED_SUMMARY_COLUMNS,
  'components_digitized_base',
  'components_digitized',
  'reused_data_base',
  'reused_data',
  'result_digitized_base',
  'result_digitized',
  'fee_dossiers',
  'paid_online',
] as const;

/**
 * Creates the one-door connector.
 * @example const connector = createOneDoorConnector({ unknownColumns: 'ignore' }); await connector.check({ path })
 */
export function createOneDoorConnector(options: OneDoorParseOptions = {}): Connector<OneDoorConfig> {
  const description: ConnectorDescription<OneDoorConfig> = {
    name: 'one-door',
    source: 'one-door',
    title: 'Hệ thống một cửa: Biểu II.06a/VPCP/KSTT và bảng theo dõi 766 (XLSX/CSV)',
    configSchema: oneDoorConfigSchema,
    metrics: ONE_DOOR_METRICS,
  };
  return spreadsheetFileConnector(description, (capture, context) => parseOneDoorExport(capture, context, options));
}
