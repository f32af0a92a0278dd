import type { Outcome } from '../errors';
import { succeed } from '../errors';
import type { SyncError } from '../sync/model';
import { refusalIfEnded } from './refusalIfEnded';
import type { DiagnosisFacts } from './facts';

/**
 * POST .../close: the error becomes ManualFixRequired and its answers are frozen until the next cycle
 * (decisions 2, 5). Allowed at any open step, not only at an outcome, since an admin may give up on the
 * portal fix whenever they like; closing again is a no-op, so a retried request succeeds. The answers
 * are kept so the close shows which path led to it.
 *
 * Refusals: ErrorResolved, FixAlreadyApplied.
 */
export function closeDiagnosis(facts: DiagnosisFacts): Outcome<SyncError> {
  const { error } = facts;
  const ended = refusalIfEnded(error);
  if (ended) return ended;
  return succeed({
    ...error,
    diagnoseStatus: 'ManualFixRequired',
    answers: { ...error.answers, closed: true },
  });
}
