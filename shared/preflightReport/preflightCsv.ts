import type { PreflightRow } from '../preflight/model';
import { csvLine } from '../syncErrors/csv';

/**
 * The rows as CSV (RFC 4180, with the sync-error export's formula-injection guard, shared/syncErrors/csv.ts):
 * the row's columns, `rules` joined with `;`, the predicted error flattened.
 */
export const PREFLIGHT_CSV_COLUMNS: readonly string[] = [
  'id',
  'sourceAnchor',
  'distinguishedName',
  'objectType',
  'attribute',
  'value',
  'rules',
  'suggestedValue',
  'action',
  'predictedSyncError.errorType',
  'predictedSyncError.category',
  'predictedSyncError.otherObjectId',
  'predictedSyncError.otherSourceAnchor',
];

export function preflightCsv(rows: readonly PreflightRow[]): string {
  let text = csvLine(PREFLIGHT_CSV_COLUMNS);
  for (const row of rows) {
    const predicted = row.predictedSyncError;
    text += csvLine([
      row.id,
      row.sourceAnchor,
      row.distinguishedName,
      row.objectType,
      row.attribute,
      row.value,
      row.rules.join(';'),
      row.suggestedValue,
      row.action,
      predicted?.errorType ?? null,
      predicted?.category ?? null,
      predicted?.otherObjectId ?? null,
      predicted?.otherSourceAnchor ?? null,
    ]);
  }
  return text;
}
