import type { CloudObject, SourceObject, TenantSettings } from '../directory/model';
import type { SyncError } from '../sync/model';

/**
 * Everything the diagnosis rules need about one error, loaded by the use case before it calls them.
 * The rules read current object state from here rather than from the error's summaries, because the
 * summaries are snapshots from the last cycle and the fix must be judged on what is true now.
 */
export interface DiagnosisFacts {
  error: SyncError;
  /** The existing (holder) cloud object, current state; null if it has since been purged. */
  existingCloud: CloudObject | null;
  /** A source object whose sourceAnchor === existingCloud.sourceAnchor, if any (may be deleted/out of scope). */
  existingSource: SourceObject | null;
  /** The conflicting (incoming) cloud object, if provisioned. */
  conflictingCloud: CloudObject | null;
  /** The conflicting source object (by error.conflictingSourceAnchor). */
  conflictingSource: SourceObject | null;
  settings: TenantSettings;
}
