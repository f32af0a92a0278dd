import type { EntityTable } from './entityTable';
import { odata } from '@azure/data-tables';

import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { AuditEvent } from '../diagnosis/auditEvent';
import type { CloudObject } from '../directory/model';
import { fromChunkedProperties, toChunkedProperties } from './chunkedJson';
import type { TableRow } from './entityFields';
import { assertEntityFits } from './entityLimits';
import { invertedTimeKey, ROW } from './keys';
import { getOrNull } from './partitionQueries';

/** Event ids sort newest first as row keys, and carry no meaning a caller could forge usefully. */
export function newAuditEventId(now: Date): string {
  return `${invertedTimeKey(now)}-${randomUUID().replace(/-/g, '').slice(0, 12)}`;
}

export const AUDIT_EVENT_ID = /^\d{13}-[0-9a-f]{12}$/;

export const auditRowKey = (eventId: string): string => `${ROW.auditPrefix}${eventId}`;

const envelope = z.object({
  eventId: z.string(),
  errorId: z.string().nullable(),
  action: z.string(),
  etag: z.string(),
});

/**
 * The event is stored whole (the fix's before/after records are what undo restores), with the few
 * columns lists filter on beside it. The pure model's own types describe the JSON; what comes back
 * is checked for the envelope, since only this service writes these rows.
 */
export function auditEventEntity(tenantId: string, event: AuditEvent): TableRow {
  const entity: TableRow = {
    partitionKey: tenantId,
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
  const head = envelope.safeParse({ errorId: null, ...(entity as Record<string, unknown>) });
  if (!head.success) throw new Error('Malformed audit row');
  const event = fromChunkedProperties('event', entity as Record<string, unknown>) as AuditEvent;
  if (event.eventId !== head.data.eventId || event.action !== head.data.action)
    throw new Error('Audit row mismatch');
  return { event: withRoleDefaults(event), etag: head.data.etag };
}

/** A cloud object record as an event written before directory roles were kept holds it. */
type StoredCloudObject = Omit<CloudObject, 'directoryRoleTemplateIds'> & {
  directoryRoleTemplateIds?: string[];
};

function withRoles(cloud: StoredCloudObject): CloudObject {
  return { ...cloud, directoryRoleTemplateIds: cloud.directoryRoleTemplateIds ?? [] };
}

/**
 * The cloud object records of a fix or an undo written before directory roles were kept have none:
 * they read as [], as the cloud object rows themselves do. Undo compares a fix's `existingAfter` with
 * the stored object field by field, so a missing field would read as a change and block it.
 */
function withRoleDefaults(event: AuditEvent): AuditEvent {
  switch (event.action) {
    case 'applyFix': {
      const { existingBefore, existingAfter, conflictingDeleted } = event.details;
      return {
        ...event,
        details: {
          ...event.details,
          existingBefore: withRoles(existingBefore),
          existingAfter: withRoles(existingAfter),
          conflictingDeleted: conflictingDeleted && withRoles(conflictingDeleted),
        },
      };
    }
    case 'undo': {
      const { existingBefore, existingAfter, conflictingRestored } = event.details;
      return {
        ...event,
        details: {
          ...event.details,
          existingBefore: withRoles(existingBefore),
          existingAfter: withRoles(existingAfter),
          conflictingRestored: conflictingRestored && withRoles(conflictingRestored),
        },
      };
    }
    default:
      return event;
  }
}

export async function getAuditEvent(
  table: EntityTable,
  tenantId: string,
  eventId: string,
): Promise<{ event: AuditEvent; etag: string } | null> {
  const raw = await getOrNull(table, tenantId, auditRowKey(eventId));
  return raw ? parseAuditEntity(raw) : null;
}

export const auditErrorFilter = (errorId: string): string => odata`errorId eq ${errorId}`;
