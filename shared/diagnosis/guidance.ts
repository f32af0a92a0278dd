import type { SyncError } from '../sync/model';

export interface Link {
  text: string;
  url: string;
}

/** The seed's knowledge-base article on fixing duplicated attributes on-premises. */
export const ON_PREMISES_FIX_LINK: Link = {
  text: 'Read more about on-premises fixes',
  url: 'https://support.microsoft.com/help/2647098',
};

const describe = (error: SyncError): string => `${error.attribute} value "${error.value}"`;

/** After Q1 = yes: the seed's common scenario, two real users; only on-premises can tell them apart. */
export const commonScenarioGuidance = (error: SyncError): string =>
  `Both users exist in your on-premises Active Directory, so there is no fix from Microsoft Entra ID. ` +
  `Update the conflicting source object on-premises so that it no longer uses the duplicated ${describe(error)}. ` +
  'The sync error will be resolved after the next sync.';

/** After Q2 = no: two different people, same remedy as the common scenario. */
export const notSameUserGuidance = (error: SyncError): string =>
  `The two accounts belong to different users, so there is no fix from Microsoft Entra ID. ` +
  `Give one of them a value other than the duplicated ${describe(error)} in your on-premises Active Directory. ` +
  'The sync error will be resolved after the next sync.';

export const closedGuidance = (error: SyncError): string =>
  `Manual fix required: update the duplicated ${describe(error)} on the conflicting source object in your ` +
  'on-premises Active Directory. The status stays Manual Fix Required until the next sync cycle.';

export const notApplicableReason = (error: SyncError): string =>
  error.existingObject === null
    ? `The diagnosis supports duplicates between two users, and this error is about one ` +
      `${error.conflictingObject.objectType} alone. Fix its ${describe(error)} on-premises; the sync error ` +
      'will be resolved after the next sync.'
    : `The diagnosis supports user objects only, and this error is between a ${error.existingObject.objectType} ` +
      `(existing) and a ${error.conflictingObject.objectType} (conflicting). Fix the duplicated ${describe(error)} ` +
      'on-premises; the sync error will be resolved after the next sync.';

export const fixAvailableDescription = (
  conflictingSourceAnchor: string,
  conflictingObjectId: string | null,
): string =>
  'This is an orphaned object: the existing object lost its source anchor. Apply fix moves the source anchor ' +
  `${conflictingSourceAnchor} to the existing object` +
  (conflictingObjectId === null
    ? ''
    : ` and permanently deletes the conflicting object ${conflictingObjectId}`) +
  '. The sync error will be resolved after the next sync.';

export const FIX_APPLIED_MESSAGE = 'A fix was applied. Waiting for the next sync cycle to clear the error.';

export const resolvedMessage = (resolvedAt: string): string =>
  `The sync error was resolved by the sync cycle at ${resolvedAt}.`;
