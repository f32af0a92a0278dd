import { assessUserExistsOnPremises } from '../../../shared/diagnosis/userExistsOnPremisesEvidence';
import {
  ANCHOR_EXISTING,
  ANCHOR_EXISTING_DN,
  EXISTING_ID,
  cloudUser,
  commonFacts,
  orphanedFacts,
  sourceUser,
  summaryOf,
  syncError,
} from './fixtures';

const liveSource = (over: Parameters<typeof sourceUser>[0] = {}) =>
  sourceUser({
    sourceAnchor: ANCHOR_EXISTING,
    distinguishedName: 'CN=Joe Jackson,OU=Users,DC=contoso,DC=com',
    connectorState: 'Exported',
    objectId: EXISTING_ID,
    ...over,
  });

describe('Q1 userExistsOnPremises: suggestion', () => {
  it('suggests "yes" for an in-scope, not deleted, Exported source object with the anchor', () => {
    const { suggestedAnswer, evidence } = assessUserExistsOnPremises(
      orphanedFacts({ existingSource: liveSource() }),
    );
    expect(suggestedAnswer).toBe('yes');
    expect(evidence.summary).toMatch(/in sync scope and connected/);
  });

  it('suggests "no" when no source object has the anchor', () => {
    const { suggestedAnswer, evidence } = assessUserExistsOnPremises(orphanedFacts());
    expect(suggestedAnswer).toBe('no');
    expect(evidence.summary).toBe(
      `No on-premises object has the existing object's source anchor ${ANCHOR_EXISTING}.`,
    );
  });

  it('suggests "no" when the source object is PendingAdd (seed: Entra Connect cannot connect it)', () => {
    const facts = orphanedFacts({
      existingSource: liveSource({ connectorState: 'PendingAdd', objectId: null }),
    });
    const { suggestedAnswer, evidence } = assessUserExistsOnPremises(facts);
    expect(suggestedAnswer).toBe('no');
    expect(evidence.summary).toMatch(/Pending Add/);
  });

  it('decision 4: a source object with no connector-space entry yet counts as PendingAdd', () => {
    // The store may hand over a record with no entry; anything but Exported reads as not connected.
    const noEntry = { ...liveSource(), connectorState: undefined } as unknown as ReturnType<
      typeof sourceUser
    >;
    expect(assessUserExistsOnPremises(orphanedFacts({ existingSource: noEntry })).suggestedAnswer).toBe('no');
  });

  it('suggests "no" when the source object was deleted on-premises', () => {
    const facts = orphanedFacts({ existingSource: liveSource({ deletedAt: '2025-02-01T00:00:00.000Z' }) });
    const { suggestedAnswer, evidence } = assessUserExistsOnPremises(facts);
    expect(suggestedAnswer).toBe('no');
    expect(evidence.deletedOnPremises).toBe(true);
    expect(evidence.summary).toMatch(/was deleted/);
  });

  it('suggests "no" when the source object is out of scope', () => {
    const { suggestedAnswer, evidence } = assessUserExistsOnPremises(
      orphanedFacts({ existingSource: liveSource({ inScope: false }) }),
    );
    expect(suggestedAnswer).toBe('no');
    expect(evidence.inScope).toBe(false);
    expect(evidence.summary).toMatch(/out of sync scope/);
  });

  it('suggests "no" for a cloud-only existing object, with no anchor and no DN', () => {
    const facts = orphanedFacts({ existingCloud: cloudUser({ sourceAnchor: null, dirSyncEnabled: false }) });
    const { suggestedAnswer, evidence } = assessUserExistsOnPremises(facts);
    expect(suggestedAnswer).toBe('no');
    expect(evidence).toMatchObject({ sourceAnchor: null, connectorSpaceDn: null, sourceObjectFound: false });
    expect(evidence.summary).toMatch(/cloud-only/);
  });

  it('ignores a source object whose anchor differs only in case (anchors are case-sensitive)', () => {
    const facts = orphanedFacts({
      existingSource: liveSource({ sourceAnchor: ANCHOR_EXISTING.toLowerCase() }),
    });
    const { suggestedAnswer, evidence } = assessUserExistsOnPremises(facts);
    expect(suggestedAnswer).toBe('no');
    expect(evidence.sourceObjectFound).toBe(false);
  });

  it("falls back to the error's snapshot when the existing object is gone", () => {
    const facts = orphanedFacts({
      existingCloud: null,
      error: syncError({ existingObject: summaryOf(cloudUser({ sourceAnchor: 'c25hcHNob3Q=' })) }),
    });
    expect(assessUserExistsOnPremises(facts).evidence.sourceAnchor).toBe('c25hcHNob3Q=');
  });

  it("prefers the existing object's current anchor to the snapshot", () => {
    const facts = orphanedFacts({
      error: syncError({ existingObject: summaryOf(cloudUser({ sourceAnchor: 'b2xk' })) }),
    });
    expect(assessUserExistsOnPremises(facts).evidence.sourceAnchor).toBe(ANCHOR_EXISTING);
  });
});

describe('Q1 userExistsOnPremises: evidence', () => {
  it('names the anchor, the source object found, its DN, its connector state and the connector-space DN', () => {
    expect(assessUserExistsOnPremises(commonFacts()).evidence).toEqual({
      existingObjectId: EXISTING_ID,
      existingUserPrincipalName: 'Joe.J@contoso.com',
      sourceAnchor: ANCHOR_EXISTING,
      connectorSpaceDn: ANCHOR_EXISTING_DN,
      sourceObjectFound: true,
      distinguishedName: 'CN=Joe Jackson,OU=Users,DC=contoso,DC=com',
      connectorState: 'Exported',
      inScope: true,
      deletedOnPremises: false,
      summary:
        'The on-premises object CN=Joe Jackson,OU=Users,DC=contoso,DC=com is in sync scope and connected to the existing object.',
    });
  });

  it('leaves the source-object fields null when none was found, but still gives the connector-space DN', () => {
    expect(assessUserExistsOnPremises(orphanedFacts()).evidence).toMatchObject({
      sourceAnchor: ANCHOR_EXISTING,
      connectorSpaceDn: ANCHOR_EXISTING_DN,
      sourceObjectFound: false,
      distinguishedName: null,
      connectorState: null,
      inScope: null,
      deletedOnPremises: null,
    });
  });

  it('shows the connector state PendingAdd when that is what was found', () => {
    const facts = orphanedFacts({ existingSource: liveSource({ connectorState: 'PendingAdd' }) });
    expect(assessUserExistsOnPremises(facts).evidence.connectorState).toBe('PendingAdd');
  });
});
