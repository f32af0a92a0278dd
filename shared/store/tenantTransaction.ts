import { MAX_ACTIONS } from './batchWriter';
import type { TransactionAction } from '@azure/data-tables';

import { conflict } from '../errors';
import type { AuditEvent } from '../diagnosis/auditEvent';
import type { CloudObject } from '../directory/model';
import type { SyncError } from '../sync/model';
import { auditEventEntity } from './auditEvents';
import { cloudToEntity } from './directoryEntities';
import { errorsVersionAction } from './errorsVersion';
import { cloudRowKey, openErrorRowKey, resolvedErrorRowKey } from './keys';
import { commitThroughIntent } from './intentCommit';
import { groupByPartition, isStatus } from './partitionQueries';
import { errorToEntity } from './syncErrorEntities';
import { partitionOf, type TenantLayout } from './tenantLayout';
import type { TenantScope } from './tenantScope';

/** Table Storage takes at most 100 operations per transaction, all in one partition. */

/**
 * A multi-record change of one tenant (a fix, an undo, an answer, a close): one atomic Table
 * transaction when it stays in one partition, else through an intent (intentCommit.ts), all of it
 * or none once any crash is recovered from. Whenever an error row is part of it, the
 * commit also bumps the tenant's errors version (store/errorsVersion.ts) in the same transaction,
 * so a reader that cached the open errors reloads them and no writer has to remember to.
 *
 * Writes conditioned on an ETag lose to a concurrent change with 409 ConcurrentUpdate. Azurite
 * ignores If-Match inside batches (Azure/Azurite#1233): what makes one of two racing actions lose on
 * the emulator too is `claimError`, a single conditional write made before the commit.
 */
export interface TenantTransaction {
  /** Replaces a cloud object if it is still at `etag` (null: whatever it holds now). */
  replaceCloud(cloud: CloudObject, etag: string | null): TenantTransaction;
  /** Creates a cloud object that must not exist (undo re-creates one a fix deleted). */
  createCloud(cloud: CloudObject): TenantTransaction;
  /**
   * Deletes a cloud object. The SDK's transaction delete takes no ETag; the tenant lease the fix
   * paths hold keeps cycles and other fixes out.
   */
  deleteCloud(objectId: string): TenantTransaction;
  /**
   * Replaces errors, each conditioned on its ETag in `etags`, or on the ETag its claim returned
   * (see claimError); one with neither is written whatever it holds now.
   */
  writeErrors(errors: readonly SyncError[], etags?: ReadonlyMap<string, string>): TenantTransaction;
  addAudit(event: AuditEvent): TenantTransaction;
  /** Replaces an audit event (undo marks the fix it reverts) if it is still at `etag`. */
  replaceAudit(event: AuditEvent, etag: string): TenantTransaction;
  /**
   * Takes the error row now, with a single conditional write (not part of the commit): of two
   * actions racing on one error, the second is refused here with 409 ConcurrentUpdate. The commit's
   * write of this error is then conditioned on the claim's ETag.
   */
  claimError(error: SyncError, etag: string, claimId: string): Promise<void>;
  /** Commits everything; refuses more than 100 actions in one partition rather than split them. */
  commit(at: Date): Promise<void>;
}

export function tenantTransaction(scope: TenantScope): TenantTransaction {
  const { table, tenantId } = scope;
  // Actions are placed in partitions at commit, once the tenant's layout is known.
  const actions: ((layout: TenantLayout) => TransactionAction)[] = [];
  const claimed = new Map<string, string>();
  let errorsTouched = false;
  let committed = false;
  const tx: TenantTransaction = {
    replaceCloud(cloud, etag) {
      actions.push((layout) => [
        'update',
        cloudToEntity(partitionOf.cloud(layout, cloud.objectId), cloud),
        'Replace',
        { etag: etag ?? '*' },
      ]);
      return tx;
    },
    createCloud(cloud) {
      actions.push((layout) => ['create', cloudToEntity(partitionOf.cloud(layout, cloud.objectId), cloud)]);
      return tx;
    },
    deleteCloud(objectId) {
      actions.push((layout) => [
        'delete',
        { partitionKey: partitionOf.cloud(layout, objectId), rowKey: cloudRowKey(objectId) },
      ]);
      return tx;
    },
    writeErrors(errors, etags) {
      for (const error of errors) {
        const etag = claimed.get(error.id) ?? etags?.get(error.id) ?? '*';
        actions.push((layout) => [
          'update',
          errorToEntity(partitionOf.error(layout, error), error),
          'Replace',
          { etag },
        ]);
        errorsTouched = true;
      }
      return tx;
    },
    addAudit(event) {
      actions.push((layout) => ['create', auditEventEntity(layout.audit, event)]);
      return tx;
    },
    replaceAudit(event, etag) {
      actions.push((layout) => ['update', auditEventEntity(layout.audit, event), 'Replace', { etag }]);
      return tx;
    },
    async claimError(error, etag, claimId) {
      const layout = await scope.layout();
      const rowKey = error.resolvedAt ? resolvedErrorRowKey(error.id) : openErrorRowKey(error.id);
      try {
        const result = await table.updateEntity(
          { partitionKey: partitionOf.error(layout, error), rowKey, claim: claimId },
          'Merge',
          { etag },
        );
        claimed.set(error.id, result.etag ?? etag);
      } catch (failure) {
        if (isStatus(failure, 412) || isStatus(failure, 404)) {
          throw conflict(
            'ConcurrentUpdate',
            'The sync error changed while this request ran; reload it and retry.',
          );
        }
        throw failure;
      }
    },
    async commit(at) {
      if (committed) throw new Error('A tenant transaction is committed once.');
      committed = true;
      const layout = await scope.layout();
      const placed = actions.map((action) => action(layout));
      const all = errorsTouched ? [...placed, errorsVersionAction(tenantId, at)] : placed;
      if (all.length === 0) return;
      const perPartition = groupByPartition(all, (action) => action[1].partitionKey);
      const largest = Math.max(...perPartition.map((group) => group.length));
      if (largest > MAX_ACTIONS) {
        throw new Error(
          `A tenant transaction holds at most ${MAX_ACTIONS} actions per partition and this one has ${largest}: ` +
            'a change this large must be written in phases (see cycleWriter.ts), not as one transaction.',
        );
      }
      try {
        // A change of several partitions goes through an intent (intentCommit.ts).
        if (perPartition.length > 1) await commitThroughIntent(table, layout, all, at);
        else await table.submitTransaction(all);
      } catch (failure) {
        // A write lost a race: an ETag that moved on (412), a row that went (404) or one that
        // appeared (409, a re-created object) since it was read. The caller read, then planned:
        // with fresh reads the request may well succeed, so it is a retry, not a 500.
        if (isStatus(failure, 412) || isStatus(failure, 404) || isStatus(failure, 409)) {
          throw conflict('ConcurrentUpdate', 'The record changed while this request ran; retry.');
        }
        throw failure;
      } finally {
        // Landed or not (a fault after the commit), readers must not keep the errors they cached.
        if (errorsTouched) scope.errorsChanged();
      }
    },
  };
  return tx;
}
