import type { EntityTable } from './entityTable';
import { odata } from '@azure/data-tables';

import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { describes } from '../describes';
import type { AuditEvent } from '../diagnosis/auditEvent';
import { auditEnvelopeShape, auditEventSchemaOf } from '../records/auditEventSchema';
import { fromChunkedProperties, toChunkedProperties } from './chunkedJson';
import type { TableRow } from './entityFields';
import { assertEntityFits } from './entityLimits';
import { invertedTimeKey, ROW } from './keys';
import { getOrNull } from './partitionQueries';
import { storedCloudObject, storedSyncError } from './storedRecords';

/** Event ids sort newest first as row keys, and carry no meaning a caller could forge usefully. */
export function newAuditEventId(now: Date): string {
  return `${invertedTimeKey(now)}-${randomUUID().replace(/-/g, '').slice(0, 12)}`;
}

export const AUDIT_EVENT_ID = /^\d{13}-[0-9a-f]{12}$/;

export const auditRowKey = (eventId: string): string => `${ROW.auditPrefix}${eventId}`;

/** The columns lists filter on, kept beside the event; `errorId` is absent when the event has none. */
const columns = z.object({
  eventId: z.string(),
  errorId: z.string().nullable(),
  action: z.string(),
  etag: z.string(),
});

/** The audit event record, reading the records older events hold as the rows themselves read them. */
const storedAuditEvent = describes<AuditEvent>()(
  auditEventSchemaOf(auditEnvelopeShape, { cloudObject: storedCloudObject, syncError: storedSyncError }),
);

/**
 * The event is stored whole (the fix's before/after records are what undo restores), with the few
 * columns lists filter on beside it. What comes back is parsed with the audit event's schema, so an
 * event undo acts on has the records' shape, not one assumed of it.
 */
export function auditEventEntity(partitionKey: string, event: AuditEvent): TableRow {
  const entity: TableRow = {
    partitionKey,
    rowKey: auditRowKey(event.eventId),
    eventId: event.eventId,
    action: event.action,
    at: event.at,
    actorOid: event.actor.oid,
    ...(event.errorId ? { errorId: event.errorId } : {}),
    ...toChunkedProperties('event', event),
  };
  assertEntityFits(entity, 'The audit event');
  return entity;
}

export function parseAuditEntity(entity: unknown): { event: AuditEvent; etag: string } {
  const head = columns.safeParse({ errorId: null, ...(entity as Record<string, unknown>) });
  if (!head.success) throw new Error('Malformed audit row');
  const event = storedAuditEvent.parse(fromChunkedProperties('event', entity as Record<string, unknown>));
  if (event.eventId !== head.data.eventId || event.action !== head.data.action)
    throw new Error('Audit row mismatch');
  return { event, etag: head.data.etag };
}

export async function getAuditEvent(
  table: EntityTable,
  partitionKey: string,
  eventId: string,
): Promise<{ event: AuditEvent; etag: string } | null> {
  const raw = await getOrNull(table, partitionKey, auditRowKey(eventId));
  return raw ? parseAuditEntity(raw) : null;
}

export const auditErrorFilter = (errorId: string): string => odata`errorId eq ${errorId}`;
