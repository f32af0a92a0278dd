import type { Page } from '../http/paging';
import { readSealedPage, type PagedTable } from '../http/sealedPage';
import { auditErrorFilter, parseAuditEntity } from '../store/auditEvents';
import { ROW } from '../store/keys';
import type { AuditEvent } from './auditEvent';

/** The audit trail, newest first (event ids sort that way), optionally for one error. */
export function listAuditEvents(
  pages: PagedTable,
  tenantId: string,
  errorId: string | undefined,
  top: number,
  continuationToken: string | undefined,
): Promise<Page<AuditEvent>> {
  return readSealedPage(pages, {
    tenantId,
    list: { list: 'audit', errorId },
    continuationToken,
    prefix: ROW.auditPrefix,
    top,
    filter: errorId ? auditErrorFilter(errorId) : undefined,
    parse: (entity) => parseAuditEntity(entity).event,
  });
}
