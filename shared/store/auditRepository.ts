import type { AuditEvent } from '../diagnosis/auditEvent';
import { auditErrorFilter, getAuditEvent, parseAuditEntity } from './auditEvents';
import { readSealedPage, type Page } from './cursor';
import { ROW } from './keys';
import type { TenantScope } from './tenantScope';

/** The tenant's audit trail, read side (events are written in the transaction of what they record). */
export interface AuditRepository {
  /** Newest first (event ids sort that way), optionally only the events of one error. */
  list(
    errorId: string | undefined,
    top: number,
    continuationToken: string | undefined,
  ): Promise<Page<AuditEvent>>;
  /** One event with its version; null when none. */
  get(eventId: string): Promise<{ event: AuditEvent; etag: string } | null>;
}

export function auditRepository(scope: TenantScope): AuditRepository {
  const { tenantId } = scope;
  return {
    async list(errorId, top, continuationToken) {
      return readSealedPage(scope, {
        tenantId,
        partitionKey: (await scope.layout()).audit,
        list: { list: 'audit', errorId },
        continuationToken,
        prefix: ROW.auditPrefix,
        top,
        filter: errorId ? auditErrorFilter(errorId) : undefined,
        parse: (entity) => parseAuditEntity(entity).event,
      });
    },
    get: async (eventId) => getAuditEvent(scope.table, (await scope.layout()).audit, eventId),
  };
}
