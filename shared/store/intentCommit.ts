import type { TransactionAction } from '@azure/data-tables';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { conflict } from '../errors';
import { fromChunkedProperties, toChunkedProperties } from './chunkedJson';
import type { EntityTable } from './entityTable';
import { assertEntityFits } from './entityLimits';
import { errorsVersionAction, pendingIntentAction, readErrorsVersionRow } from './errorsVersion';
import { ROW } from './keys';
import { getOrNull, groupByPartition, isStatus } from './partitionQueries';
import type { TenantLayout } from './tenantLayout';

/**
 * A change of one tenant that spans partitions (a fix touches a directory partition, the control
 * partition's errors and the audit partition), made all or nothing after recovery: the Azure Table
 * design guide's "eventually consistent transactions", with an intent record as the commit point.
 *
 * 1. One control-partition transaction writes the intent (every action of the change) and checks
 *    the ETags the change is conditioned on in that partition (the claimed errors).
 * 2. Each other partition's actions are written as one transaction, conditioned on their ETags the
 *    first time. A refusal before any of them landed abandons the change (the intent is deleted,
 *    409 ConcurrentUpdate); after that the change only goes forward.
 * 3. One control-partition transaction writes that partition's actions and deletes the intent.
 *
 * A crash between 1 and 3 leaves the intent. Whoever takes the tenant's lease next (a fix, a cycle,
 * an object write), and any request that finds the lease free, rolls it forward before it reads:
 * every step again, forced (creates and updates as upserts, deletes of what is already gone
 * ignored), which is idempotent because nothing else writes those rows until the intent is gone.
 * There is at most one intent per tenant (writers hold the lease), under one fixed row key.
 */

const storedAction = z.object({
  kind: z.enum(['create', 'update', 'upsert', 'delete']),
  entity: z.looseObject({ partitionKey: z.string(), rowKey: z.string() }),
  mode: z.enum(['Merge', 'Replace']).optional(),
  etag: z.string().optional(),
});
type StoredAction = z.output<typeof storedAction>;
const storedIntent = z.object({ intentId: z.string(), at: z.string(), actions: z.array(storedAction) });

/** What a roll-forward found: nothing pending, or an intent it completed. */
export type Settled = 'none' | 'rolledForward';

function toStored(action: TransactionAction): StoredAction {
  const [kind, entity] = action;
  const stored: StoredAction = { kind, entity };
  if (action[0] === 'update' || action[0] === 'upsert') {
    if (action[2]) stored.mode = action[2];
  }
  if (action[0] === 'update' || action[0] === 'delete') {
    const etag = action[action[0] === 'update' ? 3 : 2] as { etag?: string } | undefined;
    if (etag?.etag && etag.etag !== '*') stored.etag = etag.etag;
  }
  return stored;
}

function conditioned(action: StoredAction): TransactionAction {
  switch (action.kind) {
    case 'create':
      return ['create', action.entity];
    case 'update':
      return ['update', action.entity, action.mode ?? 'Merge', { etag: action.etag ?? '*' }];
    case 'upsert':
      return ['upsert', action.entity, action.mode ?? 'Merge'];
    case 'delete':
      return ['delete', action.entity];
  }
}

/** The same action made again whatever the row holds now: what a roll-forward writes. */
function forced(action: StoredAction): TransactionAction {
  if (action.kind === 'delete') return ['delete', action.entity];
  const mode = action.kind === 'create' ? 'Replace' : (action.mode ?? 'Merge');
  return ['upsert', action.entity, mode];
}

const isRace = (error: unknown): boolean =>
  isStatus(error, 412) || isStatus(error, 404) || isStatus(error, 409);

/** Commits `actions` (of several partitions; at most 100 per partition) through an intent. */
export async function commitThroughIntent(
  table: EntityTable,
  layout: TenantLayout,
  actions: readonly TransactionAction[],
  at: Date,
): Promise<void> {
  const stored = actions.map(toStored);
  const intentId = randomUUID();
  const intentRow = {
    partitionKey: layout.control,
    rowKey: ROW.intent,
    intentId,
    at: at.toISOString(),
    ...toChunkedProperties('actions', stored),
  };
  assertEntityFits(intentRow, 'The change');
  // The control rows the change is conditioned on are checked beside the intent (a Merge of one
  // marker), so a row that moved on since it was read refuses the intent itself.
  const checks: TransactionAction[] = stored
    .filter((a) => a.entity.partitionKey === layout.control && a.kind === 'update' && a.etag)
    .map((a) => [
      'update',
      { partitionKey: layout.control, rowKey: a.entity.rowKey, intent: intentId },
      'Merge',
      { etag: a.etag ?? '*' },
    ]);
  try {
    await table.submitTransaction([
      ['create', intentRow],
      ...checks,
      pendingIntentAction(layout.control, intentId),
    ]);
  } catch (error) {
    if (isRace(error)) throw concurrentUpdate();
    throw error;
  }
  const groups = otherPartitions(layout, stored);
  let landed = 0;
  for (const group of groups) {
    try {
      await table.submitTransaction(group.map(conditioned));
      landed++;
    } catch (error) {
      if (!isRace(error)) throw error;
      if (landed === 0) {
        await abandon(table, layout);
        throw concurrentUpdate();
      }
      await writeForced(table, group);
    }
  }
  await complete(table, layout, stored, at);
}

/**
 * Completes the tenant's pending intent, if any. With
 * `leaseIsLive`, only when no live lease holds the tenant: a reader must not race a writer that is
 * still making its change (the writer completes it, or whoever takes the lease after it died).
 */
export async function rollForwardIntent(
  table: EntityTable,
  layout: TenantLayout,
  leaseIsLive?: () => Promise<boolean>,
): Promise<Settled> {
  // The version row names a pending change: one point read when there is none, as nearly always.
  const row = await readErrorsVersionRow(table, layout.control);
  if (row.pendingIntent === undefined) return 'none';
  if (leaseIsLive && (await leaseIsLive())) return 'none';
  const raw = await getOrNull(table, layout.control, ROW.intent);
  if (raw !== null) {
    const intent = storedIntent.parse({
      ...(raw as Record<string, unknown>),
      actions: fromChunkedProperties('actions', raw as Record<string, unknown>),
    });
    for (const group of otherPartitions(layout, intent.actions)) await writeForced(table, group);
    await complete(table, layout, intent.actions, new Date(intent.at));
  } else {
    // Abandoned or completed meanwhile, leaving the mark alone: a new version drops it.
    await table.submitTransaction([errorsVersionAction(layout.control, new Date())]);
  }
  return 'rolledForward';
}

/** The actions outside the control partition, one group per partition, directory partitions first. */
function otherPartitions(layout: TenantLayout, actions: readonly StoredAction[]): StoredAction[][] {
  const others = actions.filter((a) => a.entity.partitionKey !== layout.control);
  const directory = new Set(layout.shards);
  const groups = groupByPartition(others, (a) => a.entity.partitionKey);
  return [
    ...groups.filter((g) => directory.has(g[0]?.entity.partitionKey ?? '')),
    ...groups.filter((g) => !directory.has(g[0]?.entity.partitionKey ?? '')),
  ];
}

/**
 * The control partition's actions, the intent's removal and a new errors version (which drops the
 * version row's mark), in one transaction.
 */
async function complete(
  table: EntityTable,
  layout: TenantLayout,
  actions: readonly StoredAction[],
  at: Date,
): Promise<void> {
  const control = actions.filter(
    (a) => a.entity.partitionKey === layout.control && a.entity.rowKey !== ROW.errorsVersion,
  );
  const removeIntent: TransactionAction = ['delete', { partitionKey: layout.control, rowKey: ROW.intent }];
  const version = errorsVersionAction(layout.control, at);
  try {
    await table.submitTransaction([...control.map(forced), removeIntent, version]);
  } catch (error) {
    if (!isRace(error)) throw error;
    // Completed by someone else meanwhile (the intent is gone), or a row to delete is gone already:
    // then the actions are made one by one, and the intent removed, and the version renewed, last.
    if ((await getOrNull(table, layout.control, ROW.intent)) === null) return;
    await writeForced(table, control);
    await deleteIfPresent(table, layout.control, ROW.intent);
    await table.submitTransaction([version]);
  }
}

/** Drops a change before any of it landed; the new version also drops the version row's mark. */
async function abandon(table: EntityTable, layout: TenantLayout): Promise<void> {
  await deleteIfPresent(table, layout.control, ROW.intent);
  await table.submitTransaction([errorsVersionAction(layout.control, new Date())]);
}

/** One partition's actions made whatever its rows hold: as one transaction, else one by one. */
async function writeForced(table: EntityTable, group: readonly StoredAction[]): Promise<void> {
  try {
    await table.submitTransaction(group.map(forced));
    return;
  } catch (error) {
    if (!isRace(error)) throw error;
  }
  for (const action of group) {
    if (action.kind === 'delete')
      await deleteIfPresent(table, action.entity.partitionKey, action.entity.rowKey);
    else
      await table.upsertEntity(
        action.entity,
        action.kind === 'create' ? 'Replace' : (action.mode ?? 'Merge'),
      );
  }
}

async function deleteIfPresent(table: EntityTable, partitionKey: string, rowKey: string): Promise<void> {
  try {
    await table.deleteEntity(partitionKey, rowKey);
  } catch (error) {
    if (!isStatus(error, 404)) throw error;
  }
}

function concurrentUpdate() {
  return conflict('ConcurrentUpdate', 'The record changed while this request ran; retry.');
}
