import { z } from 'zod';
import { describes } from '../describes';
import { diagnosisAnswersSchema } from '../records/diagnosisAnswersSchema';
import { errorObjectSummarySchema } from '../records/errorObjectSummarySchema';
import { syncErrorSchema } from '../records/syncErrorSchema';
import { categoryOf, ERROR_CATEGORIES, type ErrorObjectSummary, type SyncError } from '../sync/model';

/** The fields compared side by side, in the order the diagnosis evidence shows them. */
export const COMPARED_FIELDS = ['displayName', 'userPrincipalName', 'objectId'] as const;
export type ComparedField = (typeof COMPARED_FIELDS)[number];

/** One side of an error as the API shows it: these fields of the snapshot the last cycle stored. */
export type ErrorObjectView = Pick<
  ErrorObjectSummary,
  | 'objectId'
  | 'sourceAnchor'
  | 'objectType'
  | 'displayName'
  | 'userPrincipalName'
  | 'cloudUserPrincipalName'
  | 'distinguishedName'
  | 'softDeleted'
>;

/**
 * The view shows every field of the summary today, so its schema is the record's, held to the
 * view's field list: a field added to the summary fails this check until the view picks what it shows.
 */
export const errorObjectViewSchema = describes<ErrorObjectView>()(errorObjectSummarySchema);

/** The view's fields that show a record field as it is take that field's schema. */
const field = syncErrorSchema.shape;
const answerField = diagnosisAnswersSchema.shape;

export const syncErrorViewSchema = z.object({
  id: field.id,
  category: z
    .enum(ERROR_CATEGORIES)
    .meta({ description: "The category of Connect Health's sync error report." }),
  errorType: field.errorType,
  attribute: field.attribute,
  value: field.value,
  diagnoseStatus: field.diagnoseStatus,
  detectedAt: field.detectedAt,
  lastSeenAt: field.lastSeenAt,
  resolvedAt: field.resolvedAt.meta({ description: 'Set once a cycle no longer sees the conflict.' }),
  existingObject: errorObjectViewSchema.nullable().meta({
    description: 'Null for an error about one object alone (IdentityDataValidationFailed, LargeObject).',
  }),
  conflictingObject: errorObjectViewSchema,
  differences: z
    .array(z.enum(COMPARED_FIELDS))
    .meta({ description: 'The compared fields whose values differ, ignoring case.' }),
  diagnosis: z.object({
    answers: z.object({
      userExistsOnPremises: answerField.userExistsOnPremises,
      sameUser: answerField.sameUser,
    }),
    closed: answerField.closed,
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
