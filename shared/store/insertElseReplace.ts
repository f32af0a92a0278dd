import type { EntityTable } from './entityTable';
import type { TransactionAction } from '@azure/data-tables';

import { chunkActions } from './batchWriter';
import type { TableRow } from './entityFields';
import { getOrNull, groupByPartition, isStatus } from './partitionQueries';
import { reserveSequences } from './sequenceCounter';

export interface InsertElseReplace<T extends { sequence: number }> {
  table: EntityTable;
  tenantId: string;
  records: readonly T[];
  /** Where the record's row is (records of several partitions are written partition by partition). */
  keyOf: (record: T) => { partitionKey: string; rowKey: string };
  toEntity: (record: T) => TableRow;
  parse: (entity: unknown) => T;
  /** What an existing row keeps of itself when the record replaces it (besides its sequence). */
  merge: (previous: T, record: T) => T;
}

const CONCURRENCY = 4;

/**
 * Writes records without reading first, numbered in the order received: each transaction of up to
 * 100 is tried as inserts, which is all a first load needs. A transaction that meets an existing row
 * fails whole (the service and Azurite both roll it back); only its rows are then read, and it is
 * written again as replaces that keep the existing row's sequence and what `merge` says. Point reads
 * slow down as a table grows (on Azurite markedly), so a bulk load must not pay one per record.
 */
export async function insertElseReplace<T extends { sequence: number }>(
  job: InsertElseReplace<T>,
): Promise<{ created: number; updated: number }> {
  // Numbers for all, in request order (SPEC decision 12); a record that turns out to exist keeps its
  // own, so a reserved number may go unused (a gap is harmless).
  const first = await reserveSequences(job.table, job.tenantId, job.records.length);
  const numbered = job.records.map((record, index) => ({ ...record, sequence: first + index }));
  const work: { chunk: TransactionAction[]; records: T[] }[] = [];
  for (const records of groupByPartition(numbered, (r) => job.keyOf(r).partitionKey)) {
    let offset = 0;
    for (const chunk of chunkActions(records.map((r): TransactionAction => ['create', job.toEntity(r)]))) {
      work.push({ chunk, records: records.slice(offset, offset + chunk.length) });
      offset += chunk.length;
    }
  }
  let created = 0;
  let updated = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < work.length) {
      const item = work[next++];
      if (!item) continue;
      try {
        await job.table.submitTransaction(item.chunk);
        created += item.records.length;
      } catch (error) {
        if (!isStatus(error, 409)) throw error;
        const counts = await replaceChunk(job, item.records);
        created += counts.created;
        updated += counts.updated;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, work.length) }, worker));
  return { created, updated };
}

async function replaceChunk<T extends { sequence: number }>(
  job: InsertElseReplace<T>,
  records: readonly T[],
): Promise<{ created: number; updated: number }> {
  const existing = await Promise.all(
    records.map((r) => {
      const key = job.keyOf(r);
      return getOrNull(job.table, key.partitionKey, key.rowKey);
    }),
  );
  const actions = records.map((record, index): TransactionAction => {
    const raw = existing[index];
    if (!raw) return ['upsert', job.toEntity(record), 'Replace'];
    const previous = job.parse(raw);
    return [
      'upsert',
      job.toEntity({ ...job.merge(previous, record), sequence: previous.sequence }),
      'Replace',
    ];
  });
  await job.table.submitTransaction(actions);
  const updated = existing.filter((row) => row !== null).length;
  return { created: records.length - updated, updated };
}
