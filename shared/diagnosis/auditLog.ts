import type { TableClient } from '@azure/data-tables';
import { fingerprintOf, openContinuation, sealContinuation, type Page } from '../http/paging';
import { auditErrorFilter, parseAuditEntity } from '../store/auditEvents';
import { ROW } from '../store/keys';
import { readRangePage } from '../store/pagedRange';
import type { AuditEvent } from './auditEvent';

/** The audit trail, newest first (event ids sort that way), optionally for one error. */
export async function listAuditEvents(
  table: TableClient,
  tenantId: string,
  errorId: string | undefined,
  top: number,
  continuationToken: string | undefined,
): Promise<Page<AuditEvent>> {
  const fingerprint = fingerprintOf({ list: 'audit', errorId });
  const after = continuationToken ? openContinuation(tenantId, fingerprint, continuationToken) : null;
  const page = await readRangePage(table, {
    tenantId,
    prefix: ROW.auditPrefix,
    after,
    top,
    filter: errorId ? auditErrorFilter(errorId) : undefined,
    parse: (entity) => parseAuditEntity(entity).event,
  });
  return {
    value: page.items,
    continuationToken: page.lastKey ? sealContinuation(tenantId, fingerprint, page.lastKey) : null,
  };
}
