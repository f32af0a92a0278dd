import { planApplyFix } from '../../../shared/diagnosis/planApplyFix';
import { changedFields } from '../../../shared/diagnosis/recordDiff';
import { FIXED_MESSAGES } from '../../../shared/diagnosis/refusals';
import type { DiagnosisFacts } from '../../../shared/diagnosis/facts';
import type { SyncError } from '../../../shared/sync/model';
import {
  ACTOR,
  ANCHOR_CONFLICTING,
  ANCHOR_EXISTING,
  CONFLICTING_ID,
  EXISTING_ID,
  NOW,
  answers,
  cloudUser,
  fixAvailableFacts,
  quarantinedConflicting,
  refusalOf,
  settings,
  sourceUser,
  syncError,
  valueOf,
  withError,
} from './fixtures';

const plan = (facts: DiagnosisFacts, siblings: SyncError[] = []) =>
  planApplyFix(facts, siblings, ACTOR, NOW, 'evt-fix');
const codeOf = (facts: DiagnosisFacts): string => refusalOf(plan(facts)).code;

const SOFT_DELETED = '2025-02-20T00:00:00.000Z';
const liveExistingSource = (over: Parameters<typeof sourceUser>[0] = {}) =>
  sourceUser({ sourceAnchor: ANCHOR_EXISTING, ...over });

describe('planApplyFix: the change', () => {
  it('moves the conflicting anchor to the existing object, sets dirSyncEnabled, changes nothing else', () => {
    const facts = fixAvailableFacts({ existingCloud: cloudUser({ dirSyncEnabled: false }) });
    const { existingAfter } = valueOf(plan(facts));
    expect(existingAfter).toEqual({
      ...facts.existingCloud,
      sourceAnchor: ANCHOR_CONFLICTING,
      dirSyncEnabled: true,
    });
    expect(changedFields(facts.existingCloud!, existingAfter)).toEqual(['dirSyncEnabled', 'sourceAnchor']);
  });

  it('leaves a soft-deleted existing object soft-deleted (seed FAQ)', () => {
    const facts = fixAvailableFacts({ existingCloud: cloudUser({ deletedDateTime: SOFT_DELETED }) });
    expect(valueOf(plan(facts)).existingAfter.deletedDateTime).toBe(SOFT_DELETED);
  });

  it('deletes the conflicting cloud object permanently, carrying its full record', () => {
    const facts = fixAvailableFacts();
    expect(valueOf(plan(facts)).conflictingDeleted).toEqual(quarantinedConflicting());
  });

  it('deletes nothing when the conflicting object was never provisioned', () => {
    expect(valueOf(plan(fixAvailableFacts({ conflictingCloud: null }))).conflictingDeleted).toBeNull();
  });

  it('sets this error PendingSync, answers unchanged', () => {
    const facts = fixAvailableFacts();
    expect(valueOf(plan(facts)).errorsAfter).toEqual([{ ...facts.error, diagnoseStatus: 'PendingSync' }]);
  });

  it('does not modify its inputs', () => {
    const facts = fixAvailableFacts();
    const copy = structuredClone(facts);
    plan(facts, [syncError({ id: 'err-proxy' })]);
    expect(facts).toEqual(copy);
  });
});

describe('planApplyFix: sibling errors (decision 8)', () => {
  const sibling = (over: Partial<SyncError>): SyncError =>
    syncError({ attribute: 'ProxyAddresses', value: 'smtp:Joe.J@contoso.com', ...over });

  it('moves every open error with the same conflicting object to PendingSync, this one first', () => {
    const proxy = sibling({ id: 'err-proxy' });
    const sip = sibling({ id: 'err-sip', attribute: 'SipProxyAddress', diagnoseStatus: 'ManualFixRequired' });
    const { errorsAfter } = valueOf(plan(fixAvailableFacts(), [proxy, sip]));
    expect(errorsAfter.map((e) => [e.id, e.diagnoseStatus])).toEqual([
      ['err-upn', 'PendingSync'],
      ['err-proxy', 'PendingSync'],
      ['err-sip', 'PendingSync'],
    ]);
    expect(errorsAfter[1]).toEqual({ ...proxy, diagnoseStatus: 'PendingSync' });
  });

  it('leaves out errors with another conflicting object, anchors compared case-sensitively', () => {
    const other = sibling({ id: 'err-other', conflictingSourceAnchor: ANCHOR_CONFLICTING.toLowerCase() });
    expect(valueOf(plan(fixAvailableFacts(), [other])).errorsAfter.map((e) => e.id)).toEqual(['err-upn']);
  });

  it('leaves out resolved siblings', () => {
    const resolved = sibling({ id: 'err-old', resolvedAt: '2025-02-01T00:00:00.000Z' });
    expect(valueOf(plan(fixAvailableFacts(), [resolved])).errorsAfter.map((e) => e.id)).toEqual(['err-upn']);
  });

  it('leaves out siblings already PendingSync (another fix owns them)', () => {
    const pending = sibling({ id: 'err-pending', diagnoseStatus: 'PendingSync' });
    expect(valueOf(plan(fixAvailableFacts(), [pending])).errorsAfter.map((e) => e.id)).toEqual(['err-upn']);
  });

  it('takes each error once, even if the siblings list holds this error or duplicates', () => {
    const facts = fixAvailableFacts();
    const proxy = sibling({ id: 'err-proxy' });
    const { errorsAfter } = valueOf(plan(facts, [facts.error, proxy, proxy]));
    expect(errorsAfter.map((e) => e.id)).toEqual(['err-upn', 'err-proxy']);
  });
});

describe('planApplyFix: audit event', () => {
  it('records who, when, and the full before/after of both objects and of the errors', () => {
    const facts = fixAvailableFacts();
    const proxy = syncError({ id: 'err-proxy', attribute: 'ProxyAddresses' });
    const result = valueOf(plan(facts, [proxy]));
    expect(result.auditEvent).toEqual({
      eventId: 'evt-fix',
      errorId: 'err-upn',
      action: 'applyFix',
      actor: ACTOR,
      at: '2025-03-01T10:00:00.000Z',
      undoneBy: null,
      details: {
        existingBefore: facts.existingCloud,
        existingAfter: result.existingAfter,
        conflictingDeleted: quarantinedConflicting(),
        errorsBefore: [facts.error, proxy],
        errorsAfter: result.errorsAfter,
      },
    });
  });
});

describe('planApplyFix: refusals before the checks', () => {
  it('ErrorResolved first', () => {
    const facts = withError(fixAvailableFacts(), {
      resolvedAt: '2025-03-01T11:00:00.000Z',
      diagnoseStatus: 'PendingSync',
    });
    expect(refusalOf(plan(facts))).toMatchObject({
      code: 'ErrorResolved',
      message: FIXED_MESSAGES.ErrorResolved,
    });
  });

  it('FixAlreadyApplied when PendingSync, before any check', () => {
    const facts = withError(fixAvailableFacts({ settings: settings({ userWritebackEnabled: true }) }), {
      diagnoseStatus: 'PendingSync',
    });
    expect(refusalOf(plan(facts))).toMatchObject({
      code: 'FixAlreadyApplied',
      message: FIXED_MESSAGES.FixAlreadyApplied,
    });
  });

  it.each([
    ['no answer yet', answers(), /answer "Does the user exist in your on-premises Active Directory\?"/],
    ['Q1 = no, Q2 open', answers({ userExistsOnPremises: 'no' }), /answer "Do both of these accounts belong/],
    ['Q1 = yes', answers({ userExistsOnPremises: 'yes' }), /not an orphaned object/],
    ['Q2 = no', answers({ userExistsOnPremises: 'no', sameUser: 'no' }), /not an orphaned object/],
  ])('FixNotAvailable: %s', (_label, given, message) => {
    const refusal = refusalOf(plan(withError(fixAvailableFacts(), { answers: given })));
    expect(refusal.code).toBe('FixNotAvailable');
    expect(refusal.message).toMatch(message);
  });

  it('FixNotAvailable after close, even on a fix-available path', () => {
    const facts = withError(fixAvailableFacts(), {
      diagnoseStatus: 'ManualFixRequired',
      answers: answers({ userExistsOnPremises: 'no', sameUser: 'yes', closed: true }),
    });
    expect(refusalOf(plan(facts))).toMatchObject({
      code: 'FixNotAvailable',
      message: expect.stringMatching(/was closed/),
    });
  });

  it('FixNotAvailable for a non-user pair', () => {
    const facts = withError(fixAvailableFacts(), {
      existingObject: { ...fixAvailableFacts().error.existingObject!, objectType: 'Group' },
    });
    expect(refusalOf(plan(facts))).toMatchObject({
      code: 'FixNotAvailable',
      message: expect.stringMatching(/not both users/),
    });
  });

  it('FixNotAvailable when the existing object is gone', () => {
    const refusal = refusalOf(plan(fixAvailableFacts({ existingCloud: null })));
    expect(refusal.code).toBe('FixNotAvailable');
    expect(refusal.message).toContain(EXISTING_ID);
  });

  it.each([
    ['missing', null],
    ['deleted on-premises', sourceUser({ deletedAt: '2025-03-01T09:00:00.000Z' })],
    ['out of scope', sourceUser({ inScope: false })],
  ])('FixNotAvailable when the conflicting source object is %s', (_label, conflictingSource) => {
    const refusal = refusalOf(plan(fixAvailableFacts({ conflictingSource })));
    expect(refusal.code).toBe('FixNotAvailable');
    expect(refusal.message).toContain(ANCHOR_CONFLICTING);
  });

  it('FixNotAvailable (objects gone) outranks the seed checks', () => {
    const facts = fixAvailableFacts({
      conflictingSource: null,
      settings: settings({ userWritebackEnabled: true }),
    });
    expect(codeOf(facts)).toBe('FixNotAvailable');
  });
});

describe("planApplyFix: the seed's checks, exact messages and order", () => {
  it('ConflictingUserSoftDeleted', () => {
    const facts = fixAvailableFacts({
      conflictingCloud: quarantinedConflicting({ deletedDateTime: SOFT_DELETED }),
    });
    expect(refusalOf(plan(facts))).toEqual({
      ok: false,
      code: 'ConflictingUserSoftDeleted',
      message:
        'User with conflicting attribute is soft deleted in the Microsoft Entra ID. Ensure the user is hard deleted before retry.',
    });
  });

  it('CloudOnlyUserNotSupported', () => {
    const facts = fixAvailableFacts({
      existingCloud: cloudUser({ sourceAnchor: null, dirSyncEnabled: false }),
    });
    expect(refusalOf(plan(facts))).toEqual({
      ok: false,
      code: 'CloudOnlyUserNotSupported',
      message: 'Updating source anchor to cloud-based user in your tenant is not supported.',
    });
  });

  it('UserWritebackEnabled', () => {
    const facts = fixAvailableFacts({ settings: settings({ userWritebackEnabled: true }) });
    expect(refusalOf(plan(facts))).toEqual({
      ok: false,
      code: 'UserWritebackEnabled',
      message: 'The fix process failed to update the values.',
    });
  });

  const allFailing = (): DiagnosisFacts =>
    fixAvailableFacts({
      conflictingCloud: quarantinedConflicting({ deletedDateTime: SOFT_DELETED }),
      existingCloud: cloudUser({ sourceAnchor: null }),
      existingSource: liveExistingSource(),
      settings: settings({ userWritebackEnabled: true }),
    });

  it('checks in the table order: soft-deleted first', () => {
    expect(codeOf(allFailing())).toBe('ConflictingUserSoftDeleted');
  });

  it('then cloud-only', () => {
    expect(codeOf({ ...allFailing(), conflictingCloud: quarantinedConflicting() })).toBe(
      'CloudOnlyUserNotSupported',
    );
  });

  it('then user writeback', () => {
    const facts = { ...allFailing(), conflictingCloud: quarantinedConflicting(), existingCloud: cloudUser() };
    expect(codeOf(facts)).toBe('UserWritebackEnabled');
  });

  it('then the still-synced guard', () => {
    const facts = {
      ...allFailing(),
      conflictingCloud: quarantinedConflicting(),
      existingCloud: cloudUser(),
      settings: settings(),
    };
    expect(codeOf(facts)).toBe('ExistingObjectStillSynced');
  });
});

describe('planApplyFix: ExistingObjectStillSynced (decision 7)', () => {
  it('refuses when an in-scope, not deleted source object holds the existing anchor', () => {
    const facts = fixAvailableFacts({
      existingSource: liveExistingSource({ connectorState: 'Exported', objectId: EXISTING_ID }),
    });
    expect(refusalOf(plan(facts))).toEqual({
      ok: false,
      code: 'ExistingObjectStillSynced',
      message: FIXED_MESSAGES.ExistingObjectStillSynced,
    });
  });

  it('refuses even when that source object is PendingAdd: the next cycle would hard-match it', () => {
    const facts = fixAvailableFacts({ existingSource: liveExistingSource({ connectorState: 'PendingAdd' }) });
    expect(codeOf(facts)).toBe('ExistingObjectStillSynced');
  });

  it('allows the fix when that source object was deleted on-premises', () => {
    const facts = fixAvailableFacts({
      existingSource: liveExistingSource({ deletedAt: '2025-01-01T00:00:00.000Z' }),
    });
    expect(plan(facts).ok).toBe(true);
  });

  it('allows the fix when that source object is out of scope', () => {
    expect(plan(fixAvailableFacts({ existingSource: liveExistingSource({ inScope: false }) })).ok).toBe(true);
  });

  it('ignores a source object for another anchor', () => {
    const facts = fixAvailableFacts({
      existingSource: liveExistingSource({ sourceAnchor: ANCHOR_EXISTING.toLowerCase() }),
    });
    expect(plan(facts).ok).toBe(true);
  });
});

describe('planApplyFix: ids in the plan', () => {
  it('the existing object keeps its objectId; the deleted one is the conflicting object', () => {
    const result = valueOf(plan(fixAvailableFacts()));
    expect(result.existingAfter.objectId).toBe(EXISTING_ID);
    expect(result.conflictingDeleted?.objectId).toBe(CONFLICTING_ID);
  });
});

describe('planApplyFix: guards on what the last cycle saw', () => {
  it('refuses when the conflicting cloud object no longer holds the conflicting anchor', () => {
    const facts = fixAvailableFacts({
      conflictingCloud: quarantinedConflicting({ sourceAnchor: 'someone-else' }),
    });
    const refusal = refusalOf(plan(facts));
    expect(refusal.code).toBe('FixNotAvailable');
    expect(refusal.message).toContain(CONFLICTING_ID);
  });

  it('refuses a fix that would move more errors than one transaction holds', () => {
    const facts = fixAvailableFacts();
    const siblings = Array.from({ length: 95 }, (_, i) =>
      syncError({ id: i.toString(16).padStart(32, '0'), conflictingSourceAnchor: ANCHOR_CONFLICTING }),
    );
    expect(refusalOf(plan(facts, siblings)).message).toMatch(/96 errors/);
    expect(valueOf(plan(facts, siblings.slice(1))).errorsAfter).toHaveLength(95);
  });
});
