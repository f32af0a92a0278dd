import type { EntityTable } from '../../shared/store/entityTable';
import { importCloudObjects } from '../../shared/directory/cloudObjectRecords';
import { upsertSourceObjects } from '../../shared/directory/sourceObjectRecords';
import { cloudObjectsBody, sourceObjectsBody } from '../../shared/contract/directorySchemas';
import { runSyncCycle } from '../../shared/sync/runSyncCycle';
import { readTenantSnapshot } from '../../shared/store/tenantSnapshot';
import { COMMON, ORPHANED } from './seedScenarios';
import { storeOf, storesOf } from './tenantStore';

/** Loads both seed scenarios into a tenant through the use cases (parsed like the routes do) and runs a cycle. */
export async function loadSeedScenarios(table: EntityTable, tenantId: string): Promise<void> {
  const now = new Date();
  const store = storeOf(table, tenantId);
  await importCloudObjects(store, cloudObjectsBody.parse({ objects: [ORPHANED.existingCloud] }).objects, now);
  const sources = sourceObjectsBody.parse({
    objects: [COMMON.johnson, COMMON.jackson, ORPHANED.recreatedSource],
  });
  await upsertSourceObjects(store, sources.objects, now);
  await runSyncCycle({ store: storesOf(table), now: () => new Date(), leaseSeconds: 60 }, tenantId, 'http');
}

export async function orphanedUpnErrorId(table: EntityTable, tenantId: string): Promise<string> {
  const { openErrors } = await readTenantSnapshot(table, tenantId);
  const error = openErrors.find(
    (e) =>
      e.attribute === 'UserPrincipalName' &&
      e.conflictingSourceAnchor === ORPHANED.recreatedSource.sourceAnchor,
  );
  if (!error) throw new Error('orphaned UPN error not found');
  return error.id;
}
