import type { Page } from '../store/cursor';
import { readSealedPage, type PagedTable } from '../store/cursor';
import { auditErrorFilter, parseAuditEntity } from '../store/auditEvents';
import { ROW } from '../store/keys';
import type { AuditEvent } from './auditEvent';

/**
 * An audit event as the API shows it: its id under `id`, like every other resource. `eventId` is the
 * same value, a deprecated alias kept for one release so that clients written against 0.1 go on working.
 */
export type AuditEventView = AuditEvent & { id: string };

export function auditEventView(event: AuditEvent): AuditEventView {
  return { id: event.eventId, ...event };
}

/** The audit trail, newest first (event ids sort that way), optionally for one error. */
export function listAuditEvents(
  pages: PagedTable,
  tenantId: string,
  errorId: string | undefined,
  top: number,
  continuationToken: string | undefined,
): Promise<Page<AuditEventView>> {
  return readSealedPage(pages, {
    tenantId,
    list: { list: 'audit', errorId },
    continuationToken,
    prefix: ROW.auditPrefix,
    top,
    filter: errorId ? auditErrorFilter(errorId) : undefined,
    parse: (entity) => auditEventView(parseAuditEntity(entity).event),
  });
}
