import type { ConnectorState, SourceObject } from '../directory/model';
import type { YesNo } from '../sync/model';
import { connectorSpaceDn } from './connectorSpaceDn';
import type { DiagnosisFacts } from './facts';

/** What Q1's suggestion rests on: what an admin would look up in Entra Connect's connector space. */
export interface UserExistsOnPremisesEvidence {
  existingObjectId: string | null;
  existingUserPrincipalName: string | null;
  /** The existing cloud object's source anchor; null for a cloud-only object. */
  sourceAnchor: string | null;
  /** The Entra connector-space DN of that anchor, the one to search for; null without an anchor. */
  connectorSpaceDn: string | null;
  sourceObjectFound: boolean;
  /** The following describe the source object found, all null when none was. */
  distinguishedName: string | null;
  connectorState: ConnectorState | null;
  inScope: boolean | null;
  deletedOnPremises: boolean | null;
  /** One sentence saying why the suggestion is what it is. */
  summary: string;
}

export interface UserExistsOnPremisesAssessment {
  suggestedAnswer: YesNo;
  evidence: UserExistsOnPremisesEvidence;
}

/** The current anchor wins over the last cycle's snapshot: an import may have changed it since. */
function existingAnchor(facts: DiagnosisFacts): string | null {
  return facts.existingCloud
    ? facts.existingCloud.sourceAnchor
    : (facts.error.existingObject?.sourceAnchor ?? null);
}

/** Anchors compare case-sensitively (base64); a source object for another anchor is no evidence. */
function matchingSource(facts: DiagnosisFacts, anchor: string | null): SourceObject | null {
  const source = facts.existingSource;
  return anchor !== null && source !== null && source.sourceAnchor === anchor ? source : null;
}

/**
 * On-premises means in scope, not deleted, and not PendingAdd. The connector state is tested for
 * 'Exported' rather than against 'PendingAdd' so that a source object with no entry yet (decision 4)
 * also reads as not connected.
 */
function suggestionFor(
  anchor: string | null,
  source: SourceObject | null,
): { answer: YesNo; summary: string } {
  if (anchor === null) {
    return { answer: 'no', summary: 'The existing object is cloud-only: it has no source anchor.' };
  }
  if (source === null) {
    return {
      answer: 'no',
      summary: `No on-premises object has the existing object's source anchor ${anchor}.`,
    };
  }
  const dn = source.distinguishedName ?? source.sourceAnchor;
  if (source.deletedAt !== null) {
    return { answer: 'no', summary: `The on-premises object ${dn} was deleted.` };
  }
  if (!source.inScope) {
    return { answer: 'no', summary: `The on-premises object ${dn} is out of sync scope.` };
  }
  if (source.connectorState !== 'Exported') {
    return {
      answer: 'no',
      summary: `The on-premises object ${dn} is Pending Add in the connector space: Microsoft Entra Connect can't connect it to the existing object.`,
    };
  }
  return {
    answer: 'yes',
    summary: `The on-premises object ${dn} is in sync scope and connected to the existing object.`,
  };
}

export function assessUserExistsOnPremises(facts: DiagnosisFacts): UserExistsOnPremisesAssessment {
  const anchor = existingAnchor(facts);
  const source = matchingSource(facts, anchor);
  const { answer, summary } = suggestionFor(anchor, source);
  const existing = facts.existingCloud;
  return {
    suggestedAnswer: answer,
    evidence: {
      existingObjectId: existing ? existing.objectId : (facts.error.existingObject?.objectId ?? null),
      existingUserPrincipalName: existing
        ? existing.userPrincipalName
        : (facts.error.existingObject?.userPrincipalName ?? null),
      sourceAnchor: anchor,
      connectorSpaceDn: anchor === null ? null : connectorSpaceDn(anchor),
      sourceObjectFound: source !== null,
      distinguishedName: source ? source.distinguishedName : null,
      connectorState: source ? source.connectorState : null,
      inScope: source ? source.inScope : null,
      deletedOnPremises: source ? source.deletedAt !== null : null,
      summary,
    },
  };
}
