// The dossier-list connector ("Danh sách hồ sơ" exported by a one-door system): one row per
// dossier, counted into a month's Biểu II.06a figures and 766 follow-up metrics per unit.
import { z } from 'zod';
import type { Connector, ConnectorDescription } from '../contract.js';
import { spreadsheetFileConnector } from '../one-door/file-capture.js';
import { parseDossierList, type DossierListParseOptions } from './dossier-list-parser.js';

export const dossierListConfigSchema = z.object({
  /** The CSV or XLSX file to read. */
  path: z.string().min(1),
});
export type DossierListConfig = z.infer<typeof dossierListConfigSchema>;

/** Metrics a dossier list can give (the follow-up ones only when their columns exist). */
export const DOSSIER_LIST_METRICS = [
  'received_online',
  'received_offline',
  'carried_over',
  'resolved_early',
  'resolved_on_time',
  'resolved_late',
  'pending_in_time',
  'pending_late',
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
