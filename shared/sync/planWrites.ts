import type { TransactionAction } from '@azure/data-tables';
import { cloudToEntity } from '../store/directoryEntities';
import { cloudRowKey, openErrorRowKey, sourceRowKey } from '../store/keys';
import { errorToEntity } from '../store/syncErrorEntities';
import type { ReconcilePlan } from './reconcile';

/**
 * The plan as table operations, ordered so that a cycle cut between two transactions leaves a
 * state the next cycle converges from: objects first (the next cycle recomputes joins and errors
 * from them), then connector states and errors, and removals last. A resolved error's history row
 * is written before its open row is deleted, so a cut leaves a duplicate, never a loss.
 */
export function planToActions(tenantId: string, plan: ReconcilePlan): TransactionAction[] {
  const pk = tenantId;
  const actions: TransactionAction[] = [];
  for (const cloud of [...plan.cloudCreates, ...plan.cloudUpdates]) {
    actions.push(['upsert', cloudToEntity(tenantId, cloud), 'Replace']);
  }
  for (const source of plan.sourceUpdates) {
    // Merge only the connector-space fields, so an admin's concurrent attribute update survives;
    // '' clears objectId because a Merge cannot remove a property.
    const entity = {
      partitionKey: pk,
      rowKey: sourceRowKey(source.sourceAnchor),
      connectorState: source.connectorState,
      objectId: source.objectId ?? '',
    };
    actions.push(['upsert', entity, 'Merge']);
  }
  for (const error of plan.errorsToWrite) {
    actions.push(['upsert', errorToEntity(tenantId, error), 'Replace']);
  }
  for (const error of plan.errorsResolved) {
    actions.push(['upsert', errorToEntity(tenantId, error), 'Replace']);
  }
  for (const error of plan.errorsResolved)
    actions.push(['delete', { partitionKey: pk, rowKey: openErrorRowKey(error.id) }]);
  for (const objectId of plan.cloudPurges)
    actions.push(['delete', { partitionKey: pk, rowKey: cloudRowKey(objectId) }]);
  for (const anchor of plan.sourceRemovals)
    actions.push(['delete', { partitionKey: pk, rowKey: sourceRowKey(anchor) }]);
  return actions;
}
