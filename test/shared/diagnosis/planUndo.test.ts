import type { ApplyFixAuditEvent } from '../../../shared/diagnosis/auditEvent';
import { answerAuditEvent, closeAuditEvent } from '../../../shared/diagnosis/auditEvent';
import { planApplyFix } from '../../../shared/diagnosis/planApplyFix';
import type { UndoCurrentState } from '../../../shared/diagnosis/planUndo';
import { planUndo, undoAnchors } from '../../../shared/diagnosis/planUndo';
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
  syncError,
  valueOf,
} from './fixtures';

const LATER = new Date('2025-03-01T10:05:00.000Z');
const UNDOER = { oid: 'bbbbbbbb-0000-4000-8000-000000000002', name: null };
const PROXY_SIBLING = syncError({
  id: 'err-proxy',
  attribute: 'ProxyAddresses',
  value: 'smtp:Joe.J@contoso.com',
});

function appliedFix(facts: DiagnosisFacts = fixAvailableFacts()): ApplyFixAuditEvent {
  return valueOf(planApplyFix(facts, [PROXY_SIBLING], ACTOR, NOW, 'evt-fix')).auditEvent;
}

/** The state right after the fix was written: nothing changed since. */
function untouched(event: ApplyFixAuditEvent): UndoCurrentState {
  return {
    existingCloud: event.details.existingAfter,
    conflictingCloud: null,
    anchorHolders: [event.details.existingAfter],
    errors: event.details.errorsAfter,
  };
}

const undo = (event: Parameters<typeof planUndo>[0], current: UndoCurrentState) =>
  planUndo(event, current, UNDOER, LATER, 'evt-undo');

describe('planUndo: success', () => {
  it('restores the existing object, re-creates the deleted object exactly, restores the errors', () => {
    const facts = fixAvailableFacts();
    const event = appliedFix(facts);
    const result = valueOf(undo(event, untouched(event)));
    expect(result.existingAfter).toEqual(facts.existingCloud);
    expect(result.conflictingRestored).toEqual(quarantinedConflicting());
    expect(result.errorsAfter).toEqual([facts.error, PROXY_SIBLING]);
  });

  it('marks the fix event undone by the new event, changing nothing else in it', () => {
    const event = appliedFix();
    expect(valueOf(undo(event, untouched(event))).fixEventAfter).toEqual({ ...event, undoneBy: 'evt-undo' });
  });

  it('writes an undo audit event with before and after', () => {
    const facts = fixAvailableFacts();
    const event = appliedFix(facts);
    const result = valueOf(undo(event, untouched(event)));
    expect(result.auditEvent).toEqual({
      eventId: 'evt-undo',
      errorId: 'err-upn',
      action: 'undo',
      actor: UNDOER,
      at: '2025-03-01T10:05:00.000Z',
      undoneBy: null,
      details: {
        undoneEventId: 'evt-fix',
        existingBefore: event.details.existingAfter,
        existingAfter: facts.existingCloud,
        conflictingRestored: quarantinedConflicting(),
        errorsBefore: event.details.errorsAfter,
        errorsAfter: result.errorsAfter,
      },
    });
  });

  it('re-creates nothing when the fix deleted nothing', () => {
    const event = appliedFix(fixAvailableFacts({ conflictingCloud: null }));
    expect(valueOf(undo(event, untouched(event))).conflictingRestored).toBeNull();
  });

  it("restores status and answers over a cycle's reset, keeping the error's other fields current", () => {
    const facts = fixAvailableFacts();
    const event = appliedFix(facts);
    const reset: SyncError = {
      ...facts.error,
      diagnoseStatus: 'NotStarted',
      answers: answers(),
      lastSeenAt: '2025-03-01T10:30:00.000Z',
    };
    const result = valueOf(undo(event, { ...untouched(event), errors: [reset] }));
    expect(result.errorsAfter).toEqual([
      {
        ...reset,
        diagnoseStatus: 'NotStarted',
        answers: answers({ userExistsOnPremises: 'no', sameUser: 'yes' }),
      },
    ]);
  });

  // Issue 11, defect 12: undo after the cycle resolved the fix's errors brought the duplicate
  // back with no open error. The next cycle ends the chance to undo (SPEC decision 9).
  it('refuses once a cycle resolved one of the fix errors: UndoConflict', () => {
    const event = appliedFix();
    const [main] = event.details.errorsAfter;
    const resolved = { ...main!, resolvedAt: '2025-03-01T10:30:00.000Z' };
    const result = undo(event, { ...untouched(event), errors: [resolved] });
    expect(result).toMatchObject({ ok: false, code: 'UndoConflict' });
    expect(JSON.stringify(result)).toContain(`resolved its errors (${main!.id})`);
  });

  it('accepts the existing object holding its own (new) anchor among the anchor holders', () => {
    const event = appliedFix();
    expect(undo(event, untouched(event)).ok).toBe(true);
  });

  it('treats a field stored as undefined like an absent one', () => {
    const event = appliedFix();
    const current = {
      ...untouched(event),
      existingCloud: { ...event.details.existingAfter, extra: undefined },
    };
    expect(undo(event, current).ok).toBe(true);
  });
});

describe('planUndo: refusals', () => {
  it('NotUndoable: an answer event', () => {
    const error = syncError();
    const event = answerAuditEvent(
      error,
      { eventId: 'evt-a', actor: ACTOR, now: NOW },
      {
        questionId: 'userExistsOnPremises',
        answer: 'no',
        answersBefore: answers(),
        answersAfter: answers({ userExistsOnPremises: 'no' }),
      },
    );
    expect(refusalOf(undo(event, untouched(appliedFix())))).toEqual({
      ok: false,
      code: 'NotUndoable',
      message: FIXED_MESSAGES.NotUndoable,
    });
  });

  it('NotUndoable: a close event', () => {
    const before = syncError();
    const closed = {
      ...before,
      diagnoseStatus: 'ManualFixRequired' as const,
      answers: answers({ closed: true }),
    };
    const event = closeAuditEvent(before, closed, { eventId: 'evt-c', actor: ACTOR, now: NOW });
    expect(refusalOf(undo(event, untouched(appliedFix()))).code).toBe('NotUndoable');
  });

  it('NotUndoable: an undo event', () => {
    const fix = appliedFix();
    const { auditEvent } = valueOf(undo(fix, untouched(fix)));
    expect(refusalOf(undo(auditEvent, untouched(fix))).code).toBe('NotUndoable');
  });

  it('UndoConflict: already undone', () => {
    const event = { ...appliedFix(), undoneBy: 'evt-undo-1' };
    expect(refusalOf(undo(event, untouched(event)))).toEqual({
      ok: false,
      code: 'UndoConflict',
      message: 'This fix was already undone by event evt-undo-1.',
    });
  });

  it('UndoConflict: the existing object is gone', () => {
    const event = appliedFix();
    const refusal = refusalOf(undo(event, { ...untouched(event), existingCloud: null }));
    expect(refusal.code).toBe('UndoConflict');
    expect(refusal.message).toBe(
      `The existing object ${EXISTING_ID} no longer exists: there is nothing to revert.`,
    );
  });

  it('UndoConflict: the existing object changed, naming the changed fields', () => {
    const event = appliedFix();
    const changed = {
      ...event.details.existingAfter,
      displayName: 'Joseph Johnson',
      proxyAddresses: ['SMTP:jj@contoso.com'],
    };
    const refusal = refusalOf(undo(event, { ...untouched(event), existingCloud: changed }));
    expect(refusal.code).toBe('UndoConflict');
    expect(refusal.message).toBe(
      `The existing object ${EXISTING_ID} changed since the fix (displayName, proxyAddresses): undo would overwrite that change.`,
    );
  });

  it.each([
    ['soft-deleted since', { deletedDateTime: '2025-03-01T10:01:00.000Z' }, 'deletedDateTime'],
    ['its anchor moved', { sourceAnchor: 'bmV3' }, 'sourceAnchor'],
    [
      'a proxy address reordered',
      { proxyAddresses: ['smtp:b@contoso.com', 'SMTP:Joe.J@contoso.com'] },
      'proxyAddresses',
    ],
    ['its sequence rewritten', { sequence: 99 }, 'sequence'],
  ])('UndoConflict: existing object %s (compares every field)', (_label, change, field) => {
    const event = appliedFix();
    const current = { ...untouched(event), existingCloud: { ...event.details.existingAfter, ...change } };
    expect(refusalOf(undo(event, current)).message).toContain(`(${field})`);
  });

  it('UndoConflict: an object with the deleted objectId exists again', () => {
    const event = appliedFix();
    const refusal = refusalOf(
      undo(event, { ...untouched(event), conflictingCloud: quarantinedConflicting() }),
    );
    expect(refusal.code).toBe('UndoConflict');
    expect(refusal.message).toBe(
      `An object with the deleted object's id ${CONFLICTING_ID} exists again: undo cannot re-create it.`,
    );
  });

  it("UndoConflict: another object took the existing object's old anchor", () => {
    const event = appliedFix();
    const taker = cloudUser({
      objectId: '33333333-3333-4333-8333-333333333333',
      sourceAnchor: ANCHOR_EXISTING,
    });
    const refusal = refusalOf(
      undo(event, { ...untouched(event), anchorHolders: [event.details.existingAfter, taker] }),
    );
    expect(refusal.code).toBe('UndoConflict');
    expect(refusal.message).toBe(
      `The source anchor ${ANCHOR_EXISTING} is now held by object ${taker.objectId}: undo would give it to two objects.`,
    );
  });

  it("UndoConflict: another object holds the deleted object's anchor", () => {
    const event = appliedFix();
    const taker = cloudUser({
      objectId: '44444444-4444-4444-8444-444444444444',
      sourceAnchor: ANCHOR_CONFLICTING,
    });
    expect(refusalOf(undo(event, { ...untouched(event), anchorHolders: [taker] })).message).toContain(
      taker.objectId,
    );
  });

  it('NotUndoable outranks UndoConflict; already undone outranks a changed object', () => {
    const fix = appliedFix();
    const undone = { ...fix, undoneBy: 'evt-undo-1' };
    const changed = { ...untouched(fix), existingCloud: null };
    expect(refusalOf(undo(undone, changed)).message).toContain('already undone');
  });
});

describe('undoAnchors', () => {
  it("names the existing object's old anchor and the deleted object's anchor", () => {
    expect(undoAnchors(appliedFix())).toEqual([ANCHOR_EXISTING, ANCHOR_CONFLICTING]);
  });

  it('names only the old anchor when nothing was deleted', () => {
    expect(undoAnchors(appliedFix(fixAvailableFacts({ conflictingCloud: null })))).toEqual([ANCHOR_EXISTING]);
  });
});
