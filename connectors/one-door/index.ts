// The one-door source: summary exports (Biểu II.06a, 766 follow-up sheets) and the month's drop folder.
export { createOneDoorConnector, oneDoorConfigSchema, ONE_DOOR_METRICS, type OneDoorConfig } from './one-door-connector.js';
export { parseOneDoorExport, type OneDoorParseOptions, type UnknownColumnPolicy } from './one-door-parser.js';
export { scanDropFolder, classifyDroppedFile, type DropFolderFile, type DropFileKind } from './scan-drop-folder.js';
