// The dossier-list connector ("Danh sách hồ sơ" exported by a one-door system): one row per
// dossier, counted into a month's Biểu II.06a figures and 766 follow-up metrics per unit.
import type { Connector, ConnectorDescription } from '../../src/core/connector-contract.js';
import { spreadsheetFileConfigSchema, spreadsheetFileConnector, type SpreadsheetFileConfig } from '../one-door/file-capture.js';
import { REQUIRED_SUMMARY_COLUMNS } from '../one-door/one-door-layout.js';
import { parseDossierList, type DossierListParseOptions } from './dossier-list-parser.js';

export const dossierListConfigSchema = spreadsheetFileConfigSchema;
export type DossierListConfig = SpreadsheetFileConfig;

/** Metrics a dossier list can give (the follow-up ones only when their columns exist). */
export const DOSSIER_LIST_METRICS = [
  ...REQUIRED_SUMMARY_COLUMNS,
  'paid_online',
  'fee_dossiers',
  'result_digitized',
  'result_digitized_base',
  'components_digitized',
  'components_digitized_base',
] as const;

/**
 * Creates the dossier-list connector.
 * @example const connector = createDossierListConnector(); for await (const e of connector.parse(capture, { period, registry })) ...
 */
export function createDossierListConnector(options: DossierListParseOptions = {}): Connector<DossierListConfig> {
  const description: ConnectorDescription<DossierListConfig> = {
    name: 'dossier-list',
    source: 'dossier-list',
    title: 'Danh sách hồ sơ (CSV/XLSX) từ hệ thống một cửa',
    configSchema: dossierListConfigSchema,
    metrics: DOSSIER_LIST_METRICS,
  };
  return spreadsheetFileConnector(description, (capture, context) => parseDossierList(capture, context, options));
}
