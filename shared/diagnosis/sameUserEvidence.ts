import type { YesNo } from '../sync/model';
import type { DiagnosisFacts } from './facts';

/** One attribute of both objects side by side, as the seed's Q2 asks the admin to compare them. */
export interface ComparedValue {
  existing: string | null;
  conflicting: string | null;
  /** Case-insensitive; a missing value on either side is never equal, since it proves nothing. */
  equal: boolean;
}

export interface SameUserEvidence {
  displayName: ComparedValue;
  /** The existing object's cloud UPN against the conflicting object's *source* UPN (a quarantined cloud UPN would never match). */
  userPrincipalName: ComparedValue;
  objectId: ComparedValue;
}

export interface SameUserAssessment {
  suggestedAnswer: YesNo;
  evidence: SameUserEvidence;
}

function compare(existing: string | null, conflicting: string | null): ComparedValue {
  const equal =
    existing !== null && conflicting !== null && existing.toLowerCase() === conflicting.toLowerCase();
  return { existing, conflicting, equal };
}

type Side = { displayName: string | null; userPrincipalName: string | null; objectId: string | null };

/** Current cloud state where the object exists; the error's snapshot otherwise. */
function existingSide(facts: DiagnosisFacts): Side {
  return (
    facts.existingCloud ??
    facts.error.existingObject ?? { displayName: null, userPrincipalName: null, objectId: null }
  );
}

/** Names come from the source (what the user is on-premises); the object id only a cloud object has. */
function conflictingSide(facts: DiagnosisFacts): Side {
  const { conflictingSource, conflictingCloud, error } = facts;
  const named = conflictingSource ?? error.conflictingObject;
  return {
    displayName: named.displayName,
    userPrincipalName: named.userPrincipalName,
    objectId: conflictingCloud ? conflictingCloud.objectId : error.conflictingObject.objectId,
  };
}

/** Decision 3: suggest "yes" when display names and UPNs are both equal ignoring case. */
export function assessSameUser(facts: DiagnosisFacts): SameUserAssessment {
  const existing = existingSide(facts);
  const conflicting = conflictingSide(facts);
  const evidence: SameUserEvidence = {
    displayName: compare(existing.displayName, conflicting.displayName),
    userPrincipalName: compare(existing.userPrincipalName, conflicting.userPrincipalName),
    objectId: compare(existing.objectId, conflicting.objectId),
  };
  const same = evidence.displayName.equal && evidence.userPrincipalName.equal;
  return { suggestedAnswer: same ? 'yes' : 'no', evidence };
}
