import { z } from 'zod';
import { OBJECT_TYPES } from '../directory/model';
import {
  categoryOf,
  DIAGNOSE_STATUSES,
  ERROR_CATEGORIES,
  ERROR_TYPES,
  SYNC_ATTRIBUTES,
  type ErrorObjectSummary,
  type SyncError,
} from '../sync/model';

/** The fields compared side by side, in the order the diagnosis evidence shows them. */
export const COMPARED_FIELDS = ['displayName', 'userPrincipalName', 'objectId'] as const;
export type ComparedField = (typeof COMPARED_FIELDS)[number];

/** One side of an error as the API shows it: the snapshot the last cycle stored. */
export const errorObjectViewSchema = z.object({
  objectId: z.string().nullable().meta({
    description: 'Null for an object not in the cloud yet (a conflicting object while PendingAdd).',
  }),
  sourceAnchor: z.string().nullable(),
  objectType: z.enum(OBJECT_TYPES),
  displayName: z.string().nullable(),
  userPrincipalName: z.string().nullable().meta({
    description: 'For the conflicting object, the UPN its on-premises object asks for.',
  }),
  cloudUserPrincipalName: z.string().nullable().meta({
    description:
      'The UPN its cloud object has now: for a quarantined conflicting user, the placeholder to search Entra for. Null while not in the cloud.',
  }),
  distinguishedName: z.string().nullable(),
  softDeleted: z.boolean(),
});
export type ErrorObjectView = z.infer<typeof errorObjectViewSchema>;

const yesNo = z.enum(['yes', 'no']).nullable();

export const syncErrorViewSchema = z.object({
  id: z.string(),
  category: z
    .enum(ERROR_CATEGORIES)
    .meta({ description: "The category of Connect Health's sync error report." }),
  errorType: z.enum(ERROR_TYPES),
  attribute: z.enum(SYNC_ATTRIBUTES),
  value: z.string(),
  diagnoseStatus: z.enum(DIAGNOSE_STATUSES),
  detectedAt: z.string(),
  lastSeenAt: z.string(),
  resolvedAt: z.string().nullable().meta({ description: 'Set once a cycle no longer sees the conflict.' }),
  existingObject: errorObjectViewSchema.nullable().meta({
    description: 'Null for an error about one object alone (IdentityDataValidationFailed, LargeObject).',
  }),
  conflictingObject: errorObjectViewSchema,
  differences: z
    .array(z.enum(COMPARED_FIELDS))
    .meta({ description: 'The compared fields whose values differ, ignoring case.' }),
  diagnosis: z.object({
    answers: z.object({ userExistsOnPremises: yesNo, sameUser: yesNo }),
    closed: z.boolean(),
  }),
});
export type SyncErrorView = z.infer<typeof syncErrorViewSchema>;

/**
 * The JSON of a sync error, shared by every route that returns one.
 *
 * `latestCycleStartedAt` is the start of the tenant's last finished cycle, or null before the first.
 * A cycle rewrites an open error only when it changes (so a quiet cycle writes nothing); every open
 * error was nonetheless seen by that cycle, so its last sighting is the later of the two. A resolved
 * error was last seen before it was resolved: its stored value stands.
 */
export function syncErrorView(error: SyncError, latestCycleStartedAt: string | null): SyncErrorView {
  return {
    id: error.id,
    category: categoryOf(error.errorType),
    errorType: error.errorType,
    attribute: error.attribute,
    value: error.value,
    diagnoseStatus: error.diagnoseStatus,
    detectedAt: error.detectedAt,
    lastSeenAt:
      error.resolvedAt === null ? laterOf(error.lastSeenAt, latestCycleStartedAt) : error.lastSeenAt,
    resolvedAt: error.resolvedAt,
    existingObject: error.existingObject === null ? null : objectView(error.existingObject),
    conflictingObject: objectView(error.conflictingObject),
    differences:
      error.existingObject === null ? [] : differencesOf(error.existingObject, error.conflictingObject),
    diagnosis: {
      answers: {
        userExistsOnPremises: error.answers.userExistsOnPremises,
        sameUser: error.answers.sameUser,
      },
      closed: error.answers.closed,
    },
  };
}

/** Field by field, so that a field added to the stored snapshot does not leak into the contract. */
function objectView(summary: ErrorObjectSummary): ErrorObjectView {
  return {
    objectId: summary.objectId,
    sourceAnchor: summary.sourceAnchor,
    objectType: summary.objectType,
    displayName: summary.displayName,
    userPrincipalName: summary.userPrincipalName,
    cloudUserPrincipalName: summary.cloudUserPrincipalName,
    distinguishedName: summary.distinguishedName,
    softDeleted: summary.softDeleted,
  };
}

/**
 * The compared fields whose values differ ignoring case (Entra compares names and UPNs that way;
 * object ids are GUIDs, whose case means nothing). Two missing values are equal; one is not.
 */
export function differencesOf(
  existing: ErrorObjectSummary,
  conflicting: ErrorObjectSummary,
): ComparedField[] {
  return COMPARED_FIELDS.filter((field) => !sameIgnoringCase(existing[field], conflicting[field]));
}

function sameIgnoringCase(a: string | null, b: string | null): boolean {
  return a === null || b === null ? a === b : a.toLowerCase() === b.toLowerCase();
}

/** Compares instants, not strings: stored times are ISO-8601 but need not share one precision. */
function laterOf(stored: string, cycleStartedAt: string | null): string {
  if (cycleStartedAt === null) return stored;
  const cycle = Date.parse(cycleStartedAt);
  const seen = Date.parse(stored);
  return Number.isNaN(seen) || cycle > seen ? cycleStartedAt : stored;
}
