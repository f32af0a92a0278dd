import type { CloudObject, ObjectType } from '../directory/model';
import {
  MAX_PROXY_ADDRESSES,
  MAX_UPN_DOMAIN,
  MAX_UPN_LENGTH,
  MAX_UPN_PREFIX,
  upnRefusal,
} from '../sync/entraValidation';
import {
  categoryOf,
  type ErrorCategory,
  type ErrorObjectSummary,
  type ErrorType,
  type SyncAttribute,
  type SyncError,
} from '../sync/model';
import { directoryRoleName } from './directoryRoles';
import type { DiagnosisFacts } from './facts';
import type { Link } from './guidance';

/**
 * What an error of each type means and what to do about it: the remedy Microsoft documents for the
 * type, in the service's own words, with the evidence it rests on (SPEC "Errors beyond duplicates").
 *
 * Sources (Microsoft Learn):
 * - "Understanding errors during Microsoft Entra synchronization" (tshoot-connect-sync-errors): one
 *   section per type, ObjectTypeMismatch, AttributeValueMustBeUnique, InvalidHardMatch,
 *   IdentityDataValidationFailed, LargeObject, Existing Admin Role Conflict;
 * - "Identity synchronization and duplicate attribute resiliency": the quarantine of UPNs and SMTP
 *   addresses, and that resiliency covers nothing else.
 */

const LEARN = 'https://learn.microsoft.com/entra/identity/hybrid/connect';
const TSHOOT = `${LEARN}/tshoot-connect-sync-errors`;

export const GUIDANCE_SOURCES = {
  duplicateAttributeResiliency: {
    text: 'Microsoft Learn: Identity synchronization and duplicate attribute resiliency',
    url: `${LEARN}/how-to-connect-syncservice-duplicate-attribute-resiliency`,
  },
  attributeValueMustBeUnique: {
    text: 'Microsoft Learn: Troubleshooting errors during synchronization, AttributeValueMustBeUnique',
    url: `${TSHOOT}#attributevaluemustbeunique`,
  },
  objectTypeMismatch: {
    text: 'Microsoft Learn: Troubleshooting errors during synchronization, ObjectTypeMismatch',
    url: `${TSHOOT}#objecttypemismatch`,
  },
  existingAdminRoleConflict: {
    text: 'Microsoft Learn: Troubleshooting errors during synchronization, Existing Admin Role Conflict',
    url: `${TSHOOT}#existing-admin-role-conflict`,
  },
  invalidHardMatch: {
    text: 'Microsoft Learn: Troubleshooting errors during synchronization, InvalidHardMatch',
    url: `${TSHOOT}#invalidhardmatch`,
  },
  identityDataValidationFailed: {
    text: 'Microsoft Learn: Troubleshooting errors during synchronization, IdentityDataValidationFailed',
    url: `${TSHOOT}#identitydatavalidationfailed`,
  },
  largeObject: {
    text: 'Microsoft Learn: Troubleshooting errors during synchronization, LargeObject',
    url: `${TSHOOT}#largeobject-or-exceededallowedlength`,
  },
} as const satisfies Record<string, Link>;

/** One side of the error as the evidence shows it: its snapshot, and what its cloud object holds now. */
export interface GuidanceObject {
  objectId: string | null;
  objectType: ObjectType;
  displayName: string | null;
  /** The existing object's UPN; the conflicting object's source UPN (the one it asks for). */
  userPrincipalName: string | null;
  /** The UPN its cloud object has now (a quarantined one's placeholder); null while not in the cloud. */
  cloudUserPrincipalName: string | null;
  sourceAnchor: string | null;
  /** Whether sync manages its cloud object now; null while it is not in the cloud. */
  dirSyncEnabled: boolean | null;
  softDeleted: boolean;
  /** Its cloud object's directory roles now, by template id; empty when none or not in the cloud. */
  directoryRoleTemplateIds: string[];
  /** The same roles by name (Global Administrator, …), the template id for a role this list lacks. */
  directoryRoles: string[];
}

/** The rule or limit a value breaks, for an error about one object alone. */
export interface BrokenRule {
  text: string;
  limit: number | null;
  actual: number | null;
}

export interface ErrorGuidance {
  errorType: ErrorType;
  category: ErrorCategory;
  attribute: SyncAttribute;
  value: string;
  /** What the error means for these objects. */
  summary: string;
  /** What to do, step by step: Microsoft's remedy for the type. */
  remedy: string[];
  /** Null for a conflict between two objects. */
  brokenRule: BrokenRule | null;
  /** The object that holds the value; null for an error about one object alone. */
  existing: GuidanceObject | null;
  conflicting: GuidanceObject;
  /** What Apply Fix does for this type, when the service does the remedy itself; else null. */
  guidedFix: string | null;
  source: Link;
}

function objectOf(summary: ErrorObjectSummary, cloud: CloudObject | null): GuidanceObject {
  const roles = cloud?.directoryRoleTemplateIds ?? [];
  return {
    objectId: cloud?.objectId ?? summary.objectId,
    objectType: summary.objectType,
    displayName: summary.displayName,
    userPrincipalName: summary.userPrincipalName,
    cloudUserPrincipalName: cloud ? cloud.userPrincipalName : summary.cloudUserPrincipalName,
    sourceAnchor: summary.sourceAnchor,
    dirSyncEnabled: cloud ? cloud.dirSyncEnabled : null,
    softDeleted: cloud ? cloud.deletedDateTime !== null : summary.softDeleted,
    directoryRoleTemplateIds: [...roles],
    directoryRoles: roles.map(directoryRoleName),
  };
}

const a = (type: ObjectType): string => (type === 'User' ? 'a user' : `a ${type.toLowerCase()}`);
const the = (type: ObjectType): string => `the ${type.toLowerCase()}`;
const named = (object: GuidanceObject): string =>
  object.displayName ? `"${object.displayName}"` : (object.objectId ?? 'without a name');
const quoted = (value: string): string => `"${value}"`;

/** Where an object's value is changed: on-premises for a synced object, in Entra for a cloud-only one. */
const sourcedIn = (object: GuidanceObject): string =>
  object.sourceAnchor === null
    ? 'Microsoft Entra ID (it is cloud-only)'
    : 'your on-premises Active Directory';

const NEXT_SYNC = 'The next sync cycle picks up the change and resolves the error.';

/** A proxy address of a type other than SMTP (`X500:`, `SIP:`, …): resiliency does not cover it. */
const OTHER_ADDRESS_TYPE = /^(?!smtp:)[^:@]+:/i;

function keepOrRemove(existing: GuidanceObject | null, conflicting: GuidanceObject): string[] {
  return [
    'Decide which of the two objects should keep the value.',
    'Remove the duplicate value from the object that should not have it, in the directory it comes from: ' +
      `for the existing object ${sourcedIn(existing ?? conflicting)}, for the conflicting object ` +
      `${sourcedIn(conflicting)}. In some cases one of the two objects should be deleted instead.`,
    NEXT_SYNC,
  ];
}

function quarantined(error: SyncError, existing: GuidanceObject | null, conflicting: GuidanceObject) {
  const pair = existing?.objectType === 'User' && conflicting.objectType === 'User';
  const summary =
    error.attribute === 'UserPrincipalName'
      ? `Another object in Microsoft Entra ID already holds the UserPrincipalName ${quoted(error.value)}. ` +
        'Duplicate attribute resiliency quarantined it: the incoming object was synced with a placeholder ' +
        `UPN in the initial domain${conflicting.cloudUserPrincipalName ? ` (${conflicting.cloudUserPrincipalName})` : ''} ` +
        'instead of failing to sync.'
      : `Another object in Microsoft Entra ID already holds the proxy address ${quoted(error.value)}. ` +
        'Duplicate attribute resiliency quarantined it: the incoming object was synced without it.';
  const remedy = pair
    ? [
        'Answer the two diagnosis questions. They tell an orphaned object (the same person, re-created ' +
          'on-premises with a new source anchor), which Apply Fix repairs, from two different users.',
        'For two different users, decide which one should keep the value and give the other a different ' +
          'value in your on-premises Active Directory.',
        'The next sync cycle restores the quarantined value once the conflict is gone and resolves the error.',
      ]
    : keepOrRemove(existing, conflicting);
  return { summary, remedy, source: GUIDANCE_SOURCES.duplicateAttributeResiliency };
}

function mustBeUnique(error: SyncError, existing: GuidanceObject | null, conflicting: GuidanceObject) {
  const held = `Another object in Microsoft Entra ID already holds the ${error.attribute} value ${quoted(error.value)}.`;
  const smtpAcrossClasses =
    error.attribute === 'ProxyAddresses' && !OTHER_ADDRESS_TYPE.test(error.value) && existing !== null;
  const why = smtpAcrossClasses
    ? ` It is held by ${a(existing.objectType)} and asked for by ${a(conflicting.objectType)}: duplicate ` +
      'attribute resiliency quarantines an SMTP address only between objects of the same class, so the ' +
      'incoming object’s export fails.'
    : ' Duplicate attribute resiliency covers only UserPrincipalName and SMTP addresses, so the incoming ' +
      'object’s export fails.';
  const summary =
    held +
    why +
    ' A new object is not provisioned and an update is not applied until the conflict is gone; the error ' +
    'is reported every sync cycle.';
  return {
    summary,
    remedy: keepOrRemove(existing, conflicting),
    source: GUIDANCE_SOURCES.attributeValueMustBeUnique,
  };
}

function typeMismatch(error: SyncError, existing: GuidanceObject | null, conflicting: GuidanceObject) {
  const holder = existing ?? conflicting;
  const summary =
    `The soft match of the incoming ${conflicting.objectType.toLowerCase()} found the cloud-only ` +
    `${holder.objectType.toLowerCase()} ${named(holder)} holding the same ${error.attribute} value ` +
    `${quoted(error.value)}. Objects of different classes (user, group, contact) never match, and two objects ` +
    `cannot share the value, so ${the(conflicting.objectType)} is not provisioned; the error is reported ` +
    'every sync cycle.';
  const remedy = [
    'Decide whether the two are meant to be one object.',
    `If they are, make them the same class: the on-premises object and the cloud object must both be a ` +
      `${holder.objectType.toLowerCase()} (or both a ${conflicting.objectType.toLowerCase()}) for the soft match ` +
      'to take the cloud object over.',
    `If they are not, remove the value from one of them: from the cloud ${holder.objectType.toLowerCase()} in ` +
      `Microsoft Entra ID, or from the ${conflicting.objectType.toLowerCase()} in your on-premises Active Directory.`,
    NEXT_SYNC,
  ];
  return { summary, remedy, source: GUIDANCE_SOURCES.objectTypeMismatch };
}

export const ADMIN_ROLE_GUIDED_FIX =
  'Apply Fix does these steps as one audited action: it records the cloud user’s directory roles, removes ' +
  'them and permanently deletes the quarantined object; the next sync cycle soft matches the on-premises ' +
  'user to the cloud user and gives the recorded roles back. It can be undone until that cycle.';

function adminRoleConflict(
  facts: DiagnosisFacts,
  existing: GuidanceObject | null,
  conflicting: GuidanceObject,
) {
  const { error } = facts;
  const admin = existing ?? conflicting;
  // After the guided fix the roles wait on the admin object for the next cycle to give them back.
  const waiting = (facts.existingCloud?.directoryRolesToRestore ?? []).map(directoryRoleName);
  const holds = admin.directoryRoles.length
    ? `which holds directory roles (${admin.directoryRoles.join(', ')})`
    : waiting.length
      ? `which held directory roles (${waiting.join(', ')}; Apply Fix took them off, and the next sync cycle gives them back)`
      : 'which held directory roles';
  const summary =
    `The on-premises user’s soft match found the cloud user ${named(admin)} with the UserPrincipalName ` +
    `${quoted(error.value)}, ${holds}. Microsoft Entra Connect never soft matches a user that holds an ` +
    'administrative role, so the on-premises user was synced as a separate object with its UPN quarantined' +
    `${conflicting.cloudUserPrincipalName ? ` (${conflicting.cloudUserPrincipalName})` : ''}.`;
  const remedy = [
    `Remove the cloud user ${named(admin)} from all its admin roles.`,
    `Delete the quarantined object${conflicting.objectId ? ` ${conflicting.objectId}` : ''} permanently (hard delete).`,
    'Run a sync cycle: the on-premises user soft matches the cloud user, which holds no admin role any more.',
    'Give the cloud user its roles back.',
  ];
  return {
    summary,
    remedy,
    source: GUIDANCE_SOURCES.existingAdminRoleConflict,
    guidedFix: ADMIN_ROLE_GUIDED_FIX,
  };
}

function invalidHardMatch(
  facts: DiagnosisFacts,
  existing: GuidanceObject | null,
  conflicting: GuidanceObject,
) {
  const target = existing ?? conflicting;
  const state = target.softDeleted
    ? 'it was soft-deleted when its on-premises object left sync scope'
    : 'it is managed in the cloud although it was given an ImmutableId';
  const summary =
    `The source anchor ${facts.error.value} of the on-premises ${conflicting.objectType.toLowerCase()} hard ` +
    `matches the cloud ${target.objectType.toLowerCase()} ${named(target)}, which sync does not manage ` +
    `(dirSyncEnabled is false: ${state}). blockCloudObjectTakeoverThroughHardMatchEnabled is ` +
    `${facts.settings.blockCloudObjectTakeoverThroughHardMatchEnabled ? 'on' : 'off now, but was on at the last sync cycle'}, ` +
    'so the hard match is refused: the on-premises object waits (Pending Add) and the cloud object is left as it is.';
  const remedy = [
    'Confirm that the on-premises object is meant to take this cloud object over (the same person or resource).',
    'If it is: turn blockCloudObjectTakeoverThroughHardMatchEnabled off in the settings, run a sync cycle so ' +
      'that the hard match takes the cloud object over, then turn it on again (Microsoft advises keeping it on ' +
      'unless you need a takeover).',
    'If it is not: clear the cloud object’s ImmutableId (its source anchor) so that nothing on-premises hard ' +
      'matches it.',
  ];
  return { summary, remedy, source: GUIDANCE_SOURCES.invalidHardMatch };
}

const UPN_RULES =
  `at most ${MAX_UPN_LENGTH} characters, at most ${MAX_UPN_PREFIX} before the @ and ${MAX_UPN_DOMAIN} after it, ` +
  "exactly one @, only A–Z a–z 0–9 ' . - _ ! # ^ ~ before the @ with no dot first, last or doubled, and a " +
  'DNS domain name after it';

/** The limit and the count behind a length rule the UPN breaks; null for a rule that is not a count. */
function upnCounts(upn: string): Pick<BrokenRule, 'limit' | 'actual'> {
  const length = Array.from(upn).length;
  if (length > MAX_UPN_LENGTH) return { limit: MAX_UPN_LENGTH, actual: length };
  const parts = upn.split('@');
  if (parts.length === 2) {
    const [prefix = '', domain = ''] = parts;
    if (Array.from(prefix).length > MAX_UPN_PREFIX)
      return { limit: MAX_UPN_PREFIX, actual: Array.from(prefix).length };
    if (Array.from(domain).length > MAX_UPN_DOMAIN)
      return { limit: MAX_UPN_DOMAIN, actual: Array.from(domain).length };
  }
  return { limit: null, actual: null };
}

function invalidUpn(error: SyncError) {
  const reason = upnRefusal(error.value) ?? 'a UserPrincipalName Microsoft Entra ID refuses';
  const brokenRule: BrokenRule = { text: reason, ...upnCounts(error.value) };
  const summary =
    `Microsoft Entra ID refuses the UserPrincipalName ${quoted(error.value)}: ${reason}. The user’s export ` +
    'fails, so it is not provisioned (or not updated) until its UPN is fixed.';
  const remedy = [
    `Fix the user’s UPN in your on-premises Active Directory. Microsoft Entra ID takes a UPN with ${UPN_RULES}.`,
    NEXT_SYNC,
  ];
  return { summary, remedy, brokenRule, source: GUIDANCE_SOURCES.identityDataValidationFailed };
}

function largeObject(facts: DiagnosisFacts) {
  const counted = facts.conflictingSource?.proxyAddresses.length;
  const parsed = Number.parseInt(facts.error.value, 10);
  const actual = counted ?? (Number.isNaN(parsed) ? null : parsed);
  const brokenRule: BrokenRule = {
    text: `more than ${MAX_PROXY_ADDRESSES} proxy addresses`,
    limit: MAX_PROXY_ADDRESSES,
    actual,
  };
  const summary =
    (actual === null
      ? `The object has more than ${MAX_PROXY_ADDRESSES} proxy addresses`
      : `The object has ${actual} proxy addresses, more than ${MAX_PROXY_ADDRESSES}`) +
    `: ${MAX_PROXY_ADDRESSES} is the most Microsoft measured a synced user with nothing else populated can ` +
    'hold. Microsoft Entra ID limits the size of the whole object, so its export fails.';
  const toRemove = actual === null ? '' : ` (at least ${actual - MAX_PROXY_ADDRESSES})`;
  const remedy = [
    `Remove proxy addresses that are no longer needed${toRemove} from the object in your on-premises Active ` +
      `Directory, until it has ${MAX_PROXY_ADDRESSES} or fewer: outdated SMTP, X.400, X.500, MSMail or CcMail ` +
      'addresses first. Microsoft advises staying near 300 to leave room for the object to grow.',
    NEXT_SYNC,
  ];
  return { summary, remedy, brokenRule, source: GUIDANCE_SOURCES.largeObject };
}

interface TypeGuidance {
  summary: string;
  remedy: string[];
  source: Link;
  brokenRule?: BrokenRule;
  guidedFix?: string;
}

function guidanceOfType(
  facts: DiagnosisFacts,
  existing: GuidanceObject | null,
  conflicting: GuidanceObject,
): TypeGuidance {
  const { error } = facts;
  switch (error.errorType) {
    case 'QuarantinedAttributeValueMustBeUnique':
      return quarantined(error, existing, conflicting);
    case 'AttributeValueMustBeUnique':
      return mustBeUnique(error, existing, conflicting);
    case 'ObjectTypeMismatch':
      return typeMismatch(error, existing, conflicting);
    case 'ExistingAdminRoleConflict':
      return adminRoleConflict(facts, existing, conflicting);
    case 'InvalidHardMatch':
      return invalidHardMatch(facts, existing, conflicting);
    case 'IdentityDataValidationFailed':
      return invalidUpn(error);
    case 'LargeObject':
      return largeObject(facts);
  }
}

/** The guidance for one error, from its facts: both objects as they are now, and the tenant's settings. */
export function errorGuidance(facts: DiagnosisFacts): ErrorGuidance {
  const { error } = facts;
  const existing = error.existingObject === null ? null : objectOf(error.existingObject, facts.existingCloud);
  const conflicting = objectOf(error.conflictingObject, facts.conflictingCloud);
  const typed = guidanceOfType(facts, existing, conflicting);
  return {
    errorType: error.errorType,
    category: categoryOf(error.errorType),
    attribute: error.attribute,
    value: error.value,
    summary: typed.summary,
    remedy: typed.remedy,
    brokenRule: typed.brokenRule ?? null,
    existing,
    conflicting,
    guidedFix: typed.guidedFix ?? null,
    source: typed.source,
  };
}

/** The outcome's one-paragraph message for an error outside the two-question diagnosis. */
export function guidanceMessage(guidance: ErrorGuidance): string {
  return `${guidance.summary} What to do: ${guidance.remedy.join(' ')}`;
}
