import type { Page } from '../store/cursor';
import type { TenantStore } from '../store/tenantStore';
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
export async function listAuditEvents(
  store: TenantStore,
  errorId: string | undefined,
  top: number,
  continuationToken: string | undefined,
): Promise<Page<AuditEventView>> {
  const page = await store.audit.list(errorId, top, continuationToken);
  return { ...page, value: page.value.map(auditEventView) };
}
