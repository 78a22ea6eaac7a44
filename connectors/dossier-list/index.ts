// The dossier-list source: one row per dossier, counted into a month's figures per unit.
export { createDossierListConnector, dossierListConfigSchema, DOSSIER_LIST_METRICS, type DossierListConfig } from './dossier-list-connector.js';
export { parseDossierList, type DossierListParseOptions } from './dossier-list-parser.js';
