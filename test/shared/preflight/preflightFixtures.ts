import type { CloudObject, SourceObject } from '../../../shared/directory/model';
import type { PreflightRow } from '../../../shared/preflight/model';
import { runPreflight } from '../../../shared/preflight/runPreflight';
import { NOW, settings, TENANT_ID } from '../sync/reconcileFixtures';

export { cloud, source, syncedCloud, settings, TENANT_ID, NOW } from '../sync/reconcileFixtures';

/** Preflight over these objects, with no open errors and default settings. */
export function preflight(
  sourceObjects: SourceObject[],
  cloudObjects: CloudObject[] = [],
  overrides: Partial<Parameters<typeof runPreflight>[0]> = {},
): PreflightRow[] {
  return runPreflight({
    tenantId: TENANT_ID,
    sourceObjects,
    cloudObjects,
    openErrors: [],
    settings: settings(),
    now: NOW,
    ...overrides,
  }).map((keyed) => keyed.row);
}

/** The one row of an anchor's attribute value; fails the test when there is none. */
export function rowOf(rows: PreflightRow[], anchor: string, attribute: string, value?: string): PreflightRow {
  const row = rows.find(
    (r) =>
      r.sourceAnchor === anchor && r.attribute === attribute && (value === undefined || r.value === value),
  );
  if (!row)
    throw new Error(`no row for ${anchor} ${attribute} ${value ?? ''}: ${JSON.stringify(rows, null, 1)}`);
  return row;
}
