import type { ObjectType } from '../directory/model';

export const SYNC_ATTRIBUTES = [
  'UserPrincipalName',
  'ProxyAddresses',
  'SipProxyAddress',
  'OnPremiseSecurityIdentifier',
  /** InvalidHardMatch: the anchor a hard match would take over a cloud object with. */
  'SourceAnchor',
] as const;
export type SyncAttribute = (typeof SYNC_ATTRIBUTES)[number];

export const ERROR_TYPES = [
  'QuarantinedAttributeValueMustBeUnique',
  'AttributeValueMustBeUnique',
  'ObjectTypeMismatch',
  'ExistingAdminRoleConflict',
  'InvalidHardMatch',
  'IdentityDataValidationFailed',
  'LargeObject',
] as const;
export type ErrorType = (typeof ERROR_TYPES)[number];

/**
 * The categories of Connect Health's sync error report (SPEC "Error categories"; Microsoft Learn,
 * "Microsoft Entra Connect Health sync error report"). FederatedDomainChange and Other are kept as
 * filter values: Entra stopped raising FederatedDomainChangeError in 2019, and nothing here raises Other.
 */
export const ERROR_CATEGORIES = [
  'DuplicateAttribute',
  'DataMismatch',
  'DataValidationFailure',
  'LargeAttribute',
  'FederatedDomainChange',
  'Other',
] as const;
export type ErrorCategory = (typeof ERROR_CATEGORIES)[number];

const CATEGORY_OF: Record<ErrorType, ErrorCategory> = {
  QuarantinedAttributeValueMustBeUnique: 'DuplicateAttribute',
  AttributeValueMustBeUnique: 'DuplicateAttribute',
  ObjectTypeMismatch: 'DataMismatch',
  ExistingAdminRoleConflict: 'DataMismatch',
  InvalidHardMatch: 'DataMismatch',
  IdentityDataValidationFailed: 'DataValidationFailure',
  LargeObject: 'LargeAttribute',
};

export function categoryOf(errorType: ErrorType): ErrorCategory {
  return CATEGORY_OF[errorType];
}

/** The error types of a category, for a filter by category (none for the two kept for compatibility). */
export function errorTypesOf(category: ErrorCategory): ErrorType[] {
  return ERROR_TYPES.filter((type) => CATEGORY_OF[type] === category);
}

export const DIAGNOSE_STATUSES = ['NotStarted', 'ManualFixRequired', 'PendingSync'] as const;
export type DiagnoseStatus = (typeof DIAGNOSE_STATUSES)[number];

export type YesNo = 'yes' | 'no';

/** The admin's answers so far; cleared by every cycle (the seed: status resets after each sync). */
export interface DiagnosisAnswers {
  userExistsOnPremises: YesNo | null;
  sameUser: YesNo | null;
  /** Set by POST .../close; answers are refused until the next cycle. */
  closed: boolean;
}

export const EMPTY_ANSWERS: DiagnosisAnswers = { userExistsOnPremises: null, sameUser: null, closed: false };

/** One side of an error as shown to the admin, a snapshot refreshed by every cycle. */
export interface ErrorObjectSummary {
  objectId: string | null;
  sourceAnchor: string | null;
  objectType: ObjectType;
  displayName: string | null;
  userPrincipalName: string | null;
  /**
   * The UPN the object's cloud object has now: for a quarantined conflicting user, the placeholder
   * (`JoeJ1234@contoso.onmicrosoft.com`) an admin would search Entra for. Null while not in the cloud.
   */
  cloudUserPrincipalName: string | null;
  distinguishedName: string | null;
  softDeleted: boolean;
}

export interface SyncError {
  /** Stable across cycles: derived from (attribute, normalized value, conflicting source anchor). */
  id: string;
  errorType: ErrorType;
  attribute: SyncAttribute;
  /** The value the conflicting source object asked for, as it wrote it. */
  value: string;
  normalizedValue: string;
  conflictingSourceAnchor: string;
  /**
   * The object that holds the value; it keeps it. Null for an error about one object alone
   * (IdentityDataValidationFailed, LargeObject): no other object is involved.
   */
  existingObject: ErrorObjectSummary | null;
  /** The incoming object; objectId null while it is PendingAdd. userPrincipalName is its source UPN. */
  conflictingObject: ErrorObjectSummary;
  diagnoseStatus: DiagnoseStatus;
  answers: DiagnosisAnswers;
  detectedAt: string;
  lastSeenAt: string;
  /** Set when a cycle no longer sees the conflict; the error is then history. */
  resolvedAt: string | null;
}

/** What a cycle did, as the pure core counts it (SPEC decision 18). */
export interface CycleCounts {
  objectsRead: number;
  provisioned: number;
  updated: number;
  softDeleted: number;
  purged: number;
  errorsCreated: number;
  errorsResolved: number;
  errorsReset: number;
  deletionThresholdExceeded: boolean;
  deletionsHeldBack: number;
}

/**
 * How a cycle ended. `interrupted`: its process died (or lost its lease) before it finished; the
 * next cycle records it, from the lease it left behind, with counts of 0 (what it wrote is unknown;
 * the next cycle, which reads everything again, puts the tenant right). `failed`: it stopped on an
 * error, which the HTTP caller or the timer's log got.
 */
export const CYCLE_OUTCOMES = ['completed', 'failed', 'interrupted'] as const;
export type CycleOutcome = (typeof CYCLE_OUTCOMES)[number];

/** A cycle that did nothing, or whose figures are unknown (an interrupted one). */
export const ZERO_COUNTS: CycleCounts = {
  objectsRead: 0,
  provisioned: 0,
  updated: 0,
  softDeleted: 0,
  purged: 0,
  errorsCreated: 0,
  errorsResolved: 0,
  errorsReset: 0,
  deletionThresholdExceeded: false,
  deletionsHeldBack: 0,
};

export interface CycleSummary extends CycleCounts {
  cycleId: string;
  trigger: 'timer' | 'http';
  outcome: CycleOutcome;
  startedAt: string;
  /** Null for an interrupted cycle: when it stopped is not known. */
  finishedAt: string | null;
}
