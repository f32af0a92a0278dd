import type { CloudObject, SourceObject, TenantSettings } from '../../../shared/directory/model';
import type { Outcome, Refusal } from '../../../shared/errors';
import type { DiagnosisFacts } from '../../../shared/diagnosis/facts';
import type { AuditActor } from '../../../shared/diagnosis/auditEvent';
import type { DiagnosisAnswers, ErrorObjectSummary, SyncError } from '../../../shared/sync/model';
import { EMPTY_ANSWERS } from '../../../shared/sync/model';

/** The seed's orphaned-scenario anchor and its connector-space DN (SPEC's vector). */
export const ANCHOR_EXISTING = 'QF5HMK7n80qvdYsUPIHa9Q==';
export const ANCHOR_EXISTING_DN = 'CN={514635484D4B376E38307176645973555049486139513D3D}';
/** Holds `/` and `+`, as real anchors may. */
export const ANCHOR_CONFLICTING = '1wfM9xV8fUSHbcAbDlqeOA+/';
export const EXISTING_ID = '11111111-1111-4111-8111-111111111111';
export const CONFLICTING_ID = '22222222-2222-4222-8222-222222222222';

export const NOW = new Date('2025-03-01T10:00:00.000Z');
export const ACTOR: AuditActor = { oid: 'aaaaaaaa-0000-4000-8000-000000000001', name: 'Ada Admin' };

export const settings = (over: Partial<TenantSettings> = {}): TenantSettings => ({
  initialDomain: 'contoso.onmicrosoft.com',
  userWritebackEnabled: false,
  blockSoftMatchEnabled: false,
  softMatchOnUpnEnabled: true,
  blockCloudObjectTakeoverThroughHardMatchEnabled: false,
  deletionThreshold: 500,
  syncIntervalMinutes: 30,
  ...over,
});

export const sourceUser = (over: Partial<SourceObject> = {}): SourceObject => ({
  sourceAnchor: ANCHOR_CONFLICTING,
  distinguishedName: 'CN=Joe Johnson,OU=Users,DC=contoso,DC=com',
  objectType: 'User',
  userPrincipalName: 'Joe.J@contoso.com',
  mailNickname: 'joe.j',
  displayName: 'Joe Johnson',
  proxyAddresses: ['SMTP:Joe.J@contoso.com'],
  sipProxyAddress: null,
  onPremisesSecurityIdentifier: null,
  inScope: true,
  sequence: 2,
  deletedAt: null,
  connectorState: 'PendingAdd',
  objectId: null,
  updatedAt: '2025-02-01T00:00:00.000Z',
  ...over,
});

export const cloudUser = (over: Partial<CloudObject> = {}): CloudObject => ({
  objectId: EXISTING_ID,
  sourceAnchor: ANCHOR_EXISTING,
  objectType: 'User',
  userPrincipalName: 'Joe.J@contoso.com',
  mailNickname: 'joe.j',
  displayName: 'Joe Johnson',
  proxyAddresses: ['SMTP:Joe.J@contoso.com'],
  sipProxyAddress: null,
  onPremisesSecurityIdentifier: null,
  dirSyncEnabled: true,
  deletedDateTime: null,
  directoryRoleTemplateIds: [],
  sequence: 1,
  createdDateTime: '2024-01-01T00:00:00.000Z',
  ...over,
});

export const summaryOf = (
  object: CloudObject | SourceObject,
  over: Partial<ErrorObjectSummary> = {},
): ErrorObjectSummary => ({
  objectId: object.objectId,
  sourceAnchor: object.sourceAnchor,
  objectType: object.objectType,
  displayName: object.displayName,
  userPrincipalName: object.userPrincipalName,
  cloudUserPrincipalName: 'deletedDateTime' in object ? object.userPrincipalName : null,
  distinguishedName: 'distinguishedName' in object ? object.distinguishedName : null,
  softDeleted: 'deletedDateTime' in object ? object.deletedDateTime !== null : false,
  ...over,
});

export const answers = (over: Partial<DiagnosisAnswers> = {}): DiagnosisAnswers => ({
  ...EMPTY_ANSWERS,
  ...over,
});

export const syncError = (over: Partial<SyncError> = {}): SyncError => ({
  id: 'err-upn',
  errorType: 'QuarantinedAttributeValueMustBeUnique',
  attribute: 'UserPrincipalName',
  value: 'Joe.J@contoso.com',
  normalizedValue: 'joe.j@contoso.com',
  conflictingSourceAnchor: ANCHOR_CONFLICTING,
  existingObject: summaryOf(cloudUser()),
  conflictingObject: summaryOf(cloudUser({ objectId: CONFLICTING_ID, sourceAnchor: ANCHOR_CONFLICTING })),
  diagnoseStatus: 'NotStarted',
  answers: answers(),
  detectedAt: '2025-02-28T10:00:00.000Z',
  lastSeenAt: '2025-03-01T09:30:00.000Z',
  resolvedAt: null,
  ...over,
});

/** The conflicting object as the cycle provisioned it: UPN quarantined, everything else from source. */
export const quarantinedConflicting = (over: Partial<CloudObject> = {}): CloudObject =>
  cloudUser({
    objectId: CONFLICTING_ID,
    sourceAnchor: ANCHOR_CONFLICTING,
    userPrincipalName: 'Joe.J1234@contoso.onmicrosoft.com',
    sequence: 2,
    createdDateTime: '2025-02-28T10:00:00.000Z',
    ...over,
  });

/**
 * The seed's orphaned-object scenario: Joe Johnson's source object was deleted on-premises and the
 * deletion never reached Entra; he was re-created with a new anchor, which now collides with his old,
 * licensed cloud object. The service never saw the old source object, so none exists for its anchor.
 */
export const orphanedFacts = (over: Partial<DiagnosisFacts> = {}): DiagnosisFacts => {
  const conflictingCloud = quarantinedConflicting();
  const conflictingSource = sourceUser({ connectorState: 'Exported', objectId: CONFLICTING_ID });
  return {
    error: syncError({ conflictingObject: summaryOf(conflictingSource, { objectId: CONFLICTING_ID }) }),
    existingCloud: cloudUser(),
    existingSource: null,
    conflictingCloud,
    conflictingSource,
    settings: settings(),
    ...over,
  };
};

/**
 * The seed's common scenario: two real users, Joe Jackson (existing, synced) and Joe Johnson
 * (conflicting), both asking for Joe.J@contoso.com.
 */
export const commonFacts = (over: Partial<DiagnosisFacts> = {}): DiagnosisFacts => {
  const existingCloud = cloudUser({ displayName: 'Joe Jackson', mailNickname: 'joe.jackson' });
  const existingSource = sourceUser({
    sourceAnchor: ANCHOR_EXISTING,
    distinguishedName: 'CN=Joe Jackson,OU=Users,DC=contoso,DC=com',
    displayName: 'Joe Jackson',
    connectorState: 'Exported',
    objectId: EXISTING_ID,
    sequence: 1,
  });
  const conflictingCloud = quarantinedConflicting();
  const conflictingSource = sourceUser({ connectorState: 'Exported', objectId: CONFLICTING_ID });
  return {
    error: syncError({
      existingObject: summaryOf(existingCloud, { distinguishedName: existingSource.distinguishedName }),
      conflictingObject: summaryOf(conflictingSource, { objectId: CONFLICTING_ID }),
    }),
    existingCloud,
    existingSource,
    conflictingCloud,
    conflictingSource,
    settings: settings(),
    ...over,
  };
};

/** Same facts with a changed error: most tests vary only the error's state. */
export const withError = (facts: DiagnosisFacts, over: Partial<SyncError>): DiagnosisFacts => ({
  ...facts,
  error: { ...facts.error, ...over },
});

/** Orphaned facts walked to "fix available" (Q1 = no, Q2 = yes). */
export const fixAvailableFacts = (over: Partial<DiagnosisFacts> = {}): DiagnosisFacts =>
  withError(orphanedFacts(over), { answers: answers({ userExistsOnPremises: 'no', sameUser: 'yes' }) });

export function valueOf<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new Error(`expected success, got ${outcome.code}: ${outcome.message}`);
  return outcome.value;
}

export function refusalOf<T>(outcome: Outcome<T>): Refusal {
  if (outcome.ok) throw new Error('expected a refusal, got success');
  return outcome;
}
