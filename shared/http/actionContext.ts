import type { Principal } from '../auth/principal';
import type { AuditActor } from '../diagnosis/auditEvent';
import type { ActionContext } from '../diagnosis/diagnosisUseCases';
import type { Services } from '../services';

export const actorOf = (principal: Principal): AuditActor => ({ oid: principal.oid, name: principal.name });

/** Who acts on which tenant's records, and when: what every diagnosis action is given. */
export function actionContext(services: Services, principal: Principal): ActionContext {
  return {
    store: services.store.tenant(principal.tenantId),
    actor: actorOf(principal),
    now: services.now(),
  };
}
