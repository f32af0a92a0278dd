import type { ObjectType } from '../directory/model';
import type { ErrorCategory, ErrorType } from '../sync/model';

/**
 * What Preflight reports (SPEC "Preflight: IdFix's job, aware of the cloud"): one row per (object,
 * attribute, value) that breaks at least one rule, with every rule it breaks. The portal's Preflight view
 * and the LDIF route read exactly these shapes.
 */

/** AD attributes as an admin knows them (ldapDisplayName), which is what an LDIF file names. */
export const PREFLIGHT_ATTRIBUTES = [
  'userPrincipalName',
  'proxyAddresses',
  'mailNickname',
  'displayName',
  'msRTCSIP-PrimaryUserAddress',
  /** Only from a predicted duplicate: AD writes it itself, so no LDIF can change it. */
  'objectSid',
] as const;
export type PreflightAttribute = (typeof PREFLIGHT_ATTRIBUTES)[number];

export const PREFLIGHT_ACTIONS = ['Edit', 'Remove', 'Complete'] as const;
/**
 * `Edit`: replace the value (with `suggestedValue` when there is one); `Remove`: delete this value of a
 * multi-valued attribute; `Complete`: a blank value to fill, with nothing to suggest.
 */
export type PreflightAction = (typeof PREFLIGHT_ACTIONS)[number];

export const RULE_SEVERITIES = ['error', 'warning'] as const;
export type RuleSeverity = (typeof RULE_SEVERITIES)[number];

/** The sync error the next cycle would raise on this value, as the engine itself decides it. */
export interface PredictedSyncError {
  errorType: ErrorType;
  category: ErrorCategory;
  /** The cloud object that keeps the value; null when none is involved or it is not provisioned yet. */
  otherObjectId: string | null;
  /** That object's source anchor, when it has one. */
  otherSourceAnchor: string | null;
}

export interface PreflightRow {
  /** Stable hash of (sourceAnchor, attribute, value): the LDIF route takes these. */
  id: string;
  sourceAnchor: string;
  distinguishedName: string | null;
  objectType: ObjectType;
  attribute: PreflightAttribute;
  /** The value as the source holds it; '' for a blank one. */
  value: string;
  /** Rule ids, in catalog order. */
  rules: string[];
  suggestedValue: string | null;
  action: PreflightAction;
  predictedSyncError: PredictedSyncError | null;
}
