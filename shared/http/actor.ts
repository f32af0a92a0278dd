import type { Principal } from '../auth/principal';
import type { AuditActor } from '../diagnosis/auditEvent';

export const actorOf = (principal: Principal): AuditActor => ({ oid: principal.oid, name: principal.name });
