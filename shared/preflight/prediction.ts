import { categoryOf, type SyncAttribute } from '../sync/model';
import { reconcile, type ReconcileInput } from '../sync/reconcile';
import type { PredictedSyncError, PreflightAttribute } from './model';

/** What the cycle reconciles, all of it (deleted and out-of-scope objects included): its input less the id maker. */
export type TenantState = Omit<ReconcileInput, 'newObjectId'>;

/** The AD attribute a sync error's attribute is read from (SourceAnchor has none an LDIF could fix). */
export const ATTRIBUTE_OF_ERROR: Partial<Record<SyncAttribute, PreflightAttribute>> = {
  UserPrincipalName: 'userPrincipalName',
  ProxyAddresses: 'proxyAddresses',
  SipProxyAddress: 'msRTCSIP-PrimaryUserAddress',
  OnPremiseSecurityIdentifier: 'objectSid',
};

export interface Prediction extends PredictedSyncError {
  attribute: PreflightAttribute;
  normalized: string;
}

/** Key of a (source object, attribute, normalized value). */
export const predictionKey = (sourceAnchor: string, attribute: PreflightAttribute, normalized: string) =>
  JSON.stringify([sourceAnchor, attribute, normalized]);

const NEW_OBJECT = 'preflight-new-object:';

/**
 * The errors the next cycle would leave open, by the conflicting object's value: the engine itself
 * (shared/sync/reconcile.ts, the pure cycle) planned on the tenant as it is, so the prediction is what
 * the cycle will do, soft matches, resiliency rules and processing order included. An error the cycle
 * would keep open stays predicted; one it would resolve is not. An object the cycle would provision
 * has no id yet: `otherObjectId` is null for it.
 */
export function predictSyncErrors(state: TenantState): Map<string, Prediction> {
  let provisioned = 0;
  const plan = reconcile({
    ...state,
    newObjectId: () => `${NEW_OBJECT}${(provisioned += 1)}`,
  });
  const after = new Map(state.openErrors.map((error) => [error.id, error]));
  for (const error of plan.errorsResolved) after.delete(error.id);
  for (const error of plan.errorsToWrite) after.set(error.id, error);

  const predictions = new Map<string, Prediction>();
  for (const error of after.values()) {
    const attribute = ATTRIBUTE_OF_ERROR[error.attribute];
    if (attribute === undefined) continue;
    const normalized = error.normalizedValue;
    const otherObjectId = error.existingObject?.objectId ?? null;
    predictions.set(predictionKey(error.conflictingSourceAnchor, attribute, normalized), {
      attribute,
      normalized,
      errorType: error.errorType,
      category: categoryOf(error.errorType),
      otherObjectId: otherObjectId?.startsWith(NEW_OBJECT) ? null : otherObjectId,
      otherSourceAnchor: error.existingObject?.sourceAnchor ?? null,
    });
  }
  return predictions;
}
