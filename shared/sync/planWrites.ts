import type { TransactionAction } from '@azure/data-tables';
import { cloudToEntity } from '../store/directoryEntities';
import { cloudRowKey, openErrorRowKey, sourceRowKey } from '../store/keys';
import { errorsVersionAction } from '../store/errorsVersion';
import { errorToEntity } from '../store/syncErrorEntities';
import type { ReconcilePlan } from './reconcile';

/**
 * The plan as table operations, in phases that are written one after another (transactions run in
 * parallel only within a phase), so that a cycle cut anywhere leaves a state the next cycle
 * converges from:
 * 1. cloud objects (the next cycle recomputes joins and errors from them);
 * 2. connector states, errors, and the history rows of resolved errors;
 * 3. the open rows of resolved errors (history first: a cut leaves a duplicate, never a loss);
 * 4. purges: objects past their 30 days, and groups and contacts deleted by sync (removed for good);
 * 5. the removal of source objects deleted on-premises, only once their cloud objects are soft-deleted
 *    or removed: removing the source first would leave an orphan no cycle ever deletes;
 * 6. the tenant's errors version, when errors changed (see store/errorsVersion.ts).
 */
export function planToPhases(tenantId: string, plan: ReconcilePlan, now: Date): TransactionAction[][] {
  const pk = tenantId;
  // Creates and updates, not upserts: the same on Azure, half the lookups on Azurite (which scans
  // the partition per lookup), and an object that vanished fails the cycle instead of reappearing.
  const objects: TransactionAction[] = [
    ...plan.cloudCreates.map((cloud): TransactionAction => ['create', cloudToEntity(tenantId, cloud)]),
    ...plan.cloudUpdates.map((cloud): TransactionAction => [
      'update',
      cloudToEntity(tenantId, cloud),
      'Replace',
    ]),
  ];
  const links: TransactionAction[] = plan.sourceUpdates.map((source) => [
    'update',
    // Merge only the connector-space fields, so an admin's concurrent attribute update survives;
    // '' clears objectId because a Merge cannot remove a property.
    {
      partitionKey: pk,
      rowKey: sourceRowKey(source.sourceAnchor),
      connectorState: source.connectorState,
      objectId: source.objectId ?? '',
    },
    'Merge',
  ]);
  for (const error of [...plan.errorsToWrite, ...plan.errorsResolved]) {
    links.push(['upsert', errorToEntity(tenantId, error), 'Replace']);
  }
  // Only when errors change: a cycle that changes nothing still writes nothing but its summary.
  if (plan.errorsToWrite.length + plan.errorsResolved.length > 0)
    links.push(errorsVersionAction(tenantId, now));
  const closures: TransactionAction[] = plan.errorsResolved.map((error) => [
    'delete',
    { partitionKey: pk, rowKey: openErrorRowKey(error.id) },
  ]);

  const purges: TransactionAction[] = plan.cloudPurges.map((id) => [
    'delete',
    { partitionKey: pk, rowKey: cloudRowKey(id) },
  ]);
  const removals: TransactionAction[] = plan.sourceRemovals.map((anchor) => [
    'delete',
    { partitionKey: pk, rowKey: sourceRowKey(anchor) },
  ]);
  // Last, and only when errors changed (a cycle that changes nothing writes only its summary): a
  // reader that cached the errors while the phases ran reloads them.
  const errorsChanged = plan.errorsToWrite.length + plan.errorsResolved.length > 0;
  const version: TransactionAction[] = errorsChanged ? [errorsVersionAction(tenantId, now)] : [];
  return [objects, links, closures, purges, removals, version].filter((phase) => phase.length > 0);
}
