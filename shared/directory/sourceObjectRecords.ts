import type { TableClient, TransactionAction } from '@azure/data-tables';
import { badRequest, notFound } from '../errors';
import type { SourceObjectInput } from '../http/directorySchemas';
import { submitInBatches } from '../store/batchWriter';
import { parseSourceEntity, sourceToEntity } from '../store/directoryEntities';
import { assertEntityFits } from '../store/entityLimits';
import { sourceRowKey } from '../store/keys';
import { getOrNull } from '../store/partitionQueries';
import { numberNewRecords } from '../store/sequenceCounter';
import { registerTenant } from '../store/tenantRegistry';
import { immutableIdFromObjectGuid } from './immutableId';
import type { SourceObject } from './model';

const READ_CONCURRENCY = 32;

export interface UpsertResult {
  created: number;
  updated: number;
  sourceAnchors: string[];
}

/** The anchor Entra Connect would use: as given, or derived from objectGUID (ImmutableId). */
export function anchorOf(input: SourceObjectInput): string {
  if (input.sourceAnchor !== undefined) return input.sourceAnchor;
  if (input.objectGuid !== undefined) return immutableIdFromObjectGuid(input.objectGuid);
  throw badRequest('ValidationFailed', 'sourceAnchor or objectGuid is required');
}

/**
 * PUT replaces each object's attributes whole (SPEC decision 21) but keeps what the service owns:
 * the order of first receipt and the connector-space entry. Every entity is checked against Table
 * Storage's limits before the first write, so a refused request writes nothing.
 */
export async function upsertSourceObjects(
  table: TableClient,
  tenantId: string,
  inputs: readonly SourceObjectInput[],
  now: Date,
): Promise<UpsertResult> {
  const anchors = inputs.map(anchorOf);
  const firstIndex = new Map<string, number>();
  anchors.forEach((anchor, index) => {
    const seen = firstIndex.get(anchor);
    if (seen !== undefined) {
      throw badRequest(
        'DuplicateSourceAnchor',
        `body.objects.${index}: same source anchor as body.objects.${seen}`,
      );
    }
    firstIndex.set(anchor, index);
  });
  const existing = await readExisting(table, tenantId, anchors);
  const newCount = existing.filter((e) => e === null).length;
  const updatedAt = now.toISOString();
  // Built and checked against the storage limits with a provisional order, before anything is written.
  const records = inputs.map((input, index): SourceObject => {
    const previous = existing[index] ?? null;
    const record: SourceObject = {
      sourceAnchor: anchors[index] ?? '',
      distinguishedName: input.distinguishedName ?? null,
      objectType: input.objectType,
      userPrincipalName: input.userPrincipalName ?? null,
      mailNickname: input.mailNickname ?? null,
      displayName: input.displayName ?? null,
      proxyAddresses: input.proxyAddresses,
      sipProxyAddress: input.sipProxyAddress ?? null,
      onPremisesSecurityIdentifier: input.onPremisesSecurityIdentifier ?? null,
      inScope: input.inScope,
      sequence: previous ? previous.sequence : 0,
      // Upserting an object deleted on-premises means it was restored before the cycle saw the delete.
      deletedAt: null,
      connectorState: previous ? previous.connectorState : 'PendingAdd',
      objectId: previous ? previous.objectId : null,
      updatedAt,
    };
    assertEntityFits(sourceToEntity(tenantId, record), `body.objects.${index}`);
    return record;
  });
  const numbered = await numberNewRecords(
    table,
    tenantId,
    records,
    existing.map((e) => e === null),
  );
  const entities = numbered.map((record) => sourceToEntity(tenantId, record));
  const actions = entities.map((entity): TransactionAction => ['upsert', entity, 'Replace']);
  await submitInBatches(table, actions);
  await registerTenant(table, tenantId, now);
  return { created: newCount, updated: inputs.length - newCount, sourceAnchors: anchors };
}

async function readExisting(
  table: TableClient,
  tenantId: string,
  anchors: readonly string[],
): Promise<(SourceObject | null)[]> {
  const out: (SourceObject | null)[] = new Array<SourceObject | null>(anchors.length).fill(null);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < anchors.length) {
      const index = next++;
      const raw = await getOrNull(table, tenantId, sourceRowKey(anchors[index] ?? ''));
      out[index] = raw ? parseSourceEntity(raw).record : null;
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, anchors.length) }, worker));
  return out;
}

export async function getSourceObject(
  table: TableClient,
  tenantId: string,
  anchor: string,
): Promise<SourceObject> {
  const raw = await getOrNull(table, tenantId, sourceRowKey(anchor));
  if (!raw) throw notFound('SourceObjectNotFound', 'No source object has this source anchor.');
  return parseSourceEntity(raw).record;
}

/** A delete on-premises is a signal to the next cycle, not an erasure (SPEC "Objects"). */
export async function markSourceObjectDeleted(
  table: TableClient,
  tenantId: string,
  anchor: string,
  now: Date,
): Promise<SourceObject> {
  const raw = await getOrNull(table, tenantId, sourceRowKey(anchor));
  if (!raw) throw notFound('SourceObjectNotFound', 'No source object has this source anchor.');
  const { record, etag } = parseSourceEntity(raw);
  if (record.deletedAt) return record;
  const deletedAt = now.toISOString();
  await table.updateEntity(
    { partitionKey: tenantId, rowKey: sourceRowKey(anchor), deletedAt, updatedAt: deletedAt },
    'Merge',
    { etag },
  );
  return { ...record, deletedAt, updatedAt: deletedAt };
}
