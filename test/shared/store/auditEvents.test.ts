import type { ApplyFixAuditEvent, AuditEvent } from '../../../shared/diagnosis/auditEvent';
import { planApplyFix } from '../../../shared/diagnosis/planApplyFix';
import { planUndo } from '../../../shared/diagnosis/planUndo';
import type { CloudObject } from '../../../shared/directory/model';
import { auditEventEntity, parseAuditEntity } from '../../../shared/store/auditEvents';
import { ACTOR, NOW, cloudUser, fixAvailableFacts, valueOf } from '../diagnosis/fixtures';

const TENANT = '8f0e6c1a-4b2d-4e7f-9a3c-5d6e7f8a9b0c';
const GLOBAL_ADMIN = '62e90394-69f5-4237-9190-012177145e10';
const LATER = new Date(NOW.getTime() + 60_000);

function appliedFix(existingCloud: CloudObject = cloudUser()): ApplyFixAuditEvent {
  return valueOf(planApplyFix(fixAvailableFacts({ existingCloud }), [], ACTOR, NOW, 'evt-fix')).auditEvent;
}

/** The event as the previous version stored it: its cloud object records hold no roles at all. */
function withoutRoles<E extends AuditEvent>(event: E): E {
  const strip = (cloud: object | null) =>
    cloud && Object.fromEntries(Object.entries(cloud).filter(([key]) => key !== 'directoryRoleTemplateIds'));
  const details = Object.fromEntries(
    Object.entries(event.details).map(([key, value]) => [
      key,
      /^(existing|conflicting)/.test(key) ? strip(value as object | null) : value,
    ]),
  );
  return { ...event, details };
}

const roundTrip = (event: AuditEvent): AuditEvent =>
  parseAuditEntity({ ...auditEventEntity(TENANT, event), etag: 'W/"1"' }).event;

describe('audit events: the directory roles of their cloud object records', () => {
  test('are stored and read back as they were', () => {
    const fix = appliedFix(cloudUser({ directoryRoleTemplateIds: [GLOBAL_ADMIN] }));
    expect(fix.details.existingBefore.directoryRoleTemplateIds).toEqual([GLOBAL_ADMIN]);
    expect(fix.details.existingAfter.directoryRoleTemplateIds).toEqual([GLOBAL_ADMIN]);
    expect(roundTrip(fix)).toEqual(fix);
  });

  test('records written before roles were kept read as holding none, in a fix and in an undo', () => {
    const fix = appliedFix();
    expect(fix.details.conflictingDeleted).not.toBeNull();
    expect(roundTrip(withoutRoles(fix))).toEqual(fix);
    const undo = valueOf(
      planUndo(
        fix,
        {
          existingCloud: fix.details.existingAfter,
          conflictingCloud: null,
          anchorHolders: [fix.details.existingAfter],
          errors: fix.details.errorsAfter,
        },
        ACTOR,
        LATER,
        'evt-undo',
      ),
    ).auditEvent;
    expect(undo.details.conflictingRestored).not.toBeNull();
    expect(roundTrip(withoutRoles(undo))).toEqual(undo);
  });

  test('a fix stored before roles were kept can still be undone: the stored object reads [] too', () => {
    const fix = appliedFix();
    const old = roundTrip(withoutRoles(fix));
    const outcome = planUndo(
      old,
      {
        existingCloud: fix.details.existingAfter,
        conflictingCloud: null,
        anchorHolders: [fix.details.existingAfter],
        errors: fix.details.errorsAfter,
      },
      ACTOR,
      LATER,
      'evt-undo',
    );
    expect(outcome.ok).toBe(true);
  });
});
