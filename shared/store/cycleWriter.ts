import type { CloudObject } from '../directory/model';
import type { ReconcilePlan } from '../sync/reconcile';
import { ready, submitDeferred, type DeferredAction, type WriteStats } from './batchWriter';
import { cloudToEntity } from './directoryEntities';
import { errorsVersionAction } from './errorsVersion';
import { cloudRowKey, openErrorRowKey, sourceRowKey } from './keys';
import { reserveSequences } from './sequenceCounter';
import { errorToEntity } from './syncErrorEntities';
import { partitionOf, type TenantLayout } from './tenantLayout';
import type { TenantScope } from './tenantScope';

export type { WriteStats } from './batchWriter';

/** What a cycle writes: the differences its reconcile found. */
export type CycleWrites = Pick<
  ReconcilePlan,
  | 'cloudCreates'
  | 'cloudUpdates'
  | 'cloudPurges'
  | 'sourceUpdates'
  | 'sourceRemovals'
  | 'errorsToWrite'
  | 'errorsResolved'
>;

/** A sync cycle's writes to its tenant: too many for one transaction, so written in phases. */
export interface CycleWriter {
  /**
   * Reserves `count` consecutive numbers from the tenant's sequence counter and returns the first
   * (the counter also numbers imports: SPEC decision 15's "imported or provisioned first").
   */
  reserveSequences(count: number): Promise<number>;
  /**
   * Writes the cycle's changes phase by phase (see cyclePhases), calling `beforePhase` before each
   * (the cycle renews its lease there, and throws to stop writing when it lost it).
   */
  write(writes: CycleWrites, now: Date, beforePhase: () => Promise<void>): Promise<WriteStats>;
}

export function cycleWriter(scope: TenantScope): CycleWriter {
  const { table, tenantId } = scope;
  return {
    reserveSequences: (count) => reserveSequences(table, tenantId, count),
    async write(writes, now, beforePhase) {
      const stats: WriteStats = { entitiesWritten: 0, batches: 0 };
      const layout = await scope.layout();
      try {
        for (const phase of cyclePhases(layout, writes, now)) {
          await beforePhase();
          const written = await submitDeferred(table, phase);
          stats.entitiesWritten += written.entitiesWritten;
          stats.batches += written.batches;
        }
      } finally {
        if (writes.errorsToWrite.length + writes.errorsResolved.length > 0) scope.errorsChanged();
      }
      return stats;
    },
  };
}

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
 * 6. the tenant's errors version, when errors changed (see store/errorsVersion.ts): beside the error rows, and again last.
 */
export function cyclePhases(layout: TenantLayout, plan: CycleWrites, now: Date): DeferredAction[][] {
  const tenantId = layout.control;
  // Entities are built as their transactions are sent (DeferredAction): only the partition is
  // worked out now, so a phase of 100,000 objects never holds 100,000 entities at once.
  // Creates and updates, not upserts: the same on Azure, half the lookups on Azurite (which scans
  // the partition per lookup), and an object that vanished fails the cycle instead of reappearing.
  const cloud =
    (kind: 'create' | 'update') =>
    (record: CloudObject): DeferredAction => {
      const partitionKey = partitionOf.cloud(layout, record.objectId);
      const entity = () => cloudToEntity(partitionKey, record);
      return {
        partitionKey,
        build: () => (kind === 'create' ? ['create', entity()] : ['update', entity(), 'Replace']),
      };
    };
  const objects = [...plan.cloudCreates.map(cloud('create')), ...plan.cloudUpdates.map(cloud('update'))];
  const links: DeferredAction[] = plan.sourceUpdates.map((source) => {
    const partitionKey = partitionOf.source(layout, source.sourceAnchor);
    return {
      partitionKey,
      // Merge only the connector-space fields, so an admin's concurrent attribute update survives;
      // '' clears objectId because a Merge cannot remove a property.
      build: () => [
        'update',
        {
          partitionKey,
          rowKey: sourceRowKey(source.sourceAnchor),
          connectorState: source.connectorState,
          objectId: source.objectId ?? '',
        },
        'Merge',
      ],
    };
  });
  for (const error of [...plan.errorsToWrite, ...plan.errorsResolved]) {
    const partitionKey = partitionOf.error(layout, error);
    links.push({ partitionKey, build: () => ['upsert', errorToEntity(partitionKey, error), 'Replace'] });
  }
  const closures = plan.errorsResolved.map((error) =>
    ready(['delete', { partitionKey: layout.control, rowKey: openErrorRowKey(error.id) }]),
  );
  const purges = plan.cloudPurges.map((id) =>
    ready(['delete', { partitionKey: partitionOf.cloud(layout, id), rowKey: cloudRowKey(id) }]),
  );
  const removals = plan.sourceRemovals.map((anchor) =>
    ready(['delete', { partitionKey: partitionOf.source(layout, anchor), rowKey: sourceRowKey(anchor) }]),
  );
  // Only when errors changed (a cycle that changes nothing writes only its summary), twice: beside
  // the error rows, so that a cycle cut after this phase (a crash, a lost lease) has not changed
  // errors under the version readers cached them with (the next cycle may find nothing to rewrite,
  // and so nothing to bump); and last, so that a reader that cached them while the phases ran
  // reloads them.
  const errorsChanged = plan.errorsToWrite.length + plan.errorsResolved.length > 0;
  if (errorsChanged) links.push(ready(errorsVersionAction(tenantId, now)));
  const version = errorsChanged ? [ready(errorsVersionAction(tenantId, now))] : [];
  return [objects, links, closures, purges, removals, version].filter((phase) => phase.length > 0);
}
