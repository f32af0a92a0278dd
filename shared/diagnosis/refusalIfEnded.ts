import type { SyncError } from '../sync/model';
import type { DiagnosisRefusal } from './refusals';
import { refuseWith } from './refusals';

/**
 * The refusals every diagnosis action shares, in the order the admin is best served by: a resolved
 * error is history whatever its status, and an applied fix outranks any diagnosis state.
 */
export function refusalIfEnded(error: SyncError): DiagnosisRefusal | null {
  if (error.resolvedAt !== null) return refuseWith('ErrorResolved');
  if (error.diagnoseStatus === 'PendingSync') return refuseWith('FixAlreadyApplied');
  return null;
}
