import { csvLine, type CsvCell } from './csv';
import type { ErrorObjectView, SyncErrorView } from './syncErrorView';

/** One column per field of a side; the header names them `<side>.<field>` like the JSON paths. */
const OBJECT_FIELDS = [
  'objectId',
  'sourceAnchor',
  'objectType',
  'displayName',
  'userPrincipalName',
  'cloudUserPrincipalName',
  'distinguishedName',
  'softDeleted',
] as const satisfies readonly (keyof ErrorObjectView)[];

const ERROR_FIELDS = [
  'id',
  'category',
  'errorType',
  'attribute',
  'value',
  'diagnoseStatus',
  'detectedAt',
  'lastSeenAt',
  'resolvedAt',
] as const satisfies readonly (keyof SyncErrorView)[];

export const SYNC_ERROR_CSV_COLUMNS: readonly string[] = [
  ...ERROR_FIELDS,
  ...OBJECT_FIELDS.map((field) => `existingObject.${field}`),
  ...OBJECT_FIELDS.map((field) => `conflictingObject.${field}`),
];

export const syncErrorCsvHeader = (): string => csvLine(SYNC_ERROR_CSV_COLUMNS);

/** The same values the JSON view shows (lastSeenAt included), so both exports agree. */
export function syncErrorCsvLine(view: SyncErrorView): string {
  const side = (object: ErrorObjectView | null): CsvCell[] =>
    OBJECT_FIELDS.map((field) => (object === null ? null : object[field]));
  return csvLine([
    ...ERROR_FIELDS.map((field) => view[field]),
    ...side(view.existingObject),
    ...side(view.conflictingObject),
  ]);
}
