import type { CloudObject, SourceObject } from '../directory/model';
import type { DeletionPlan } from './reconcileDeletes';
import { isActiveSource } from './reconcileJoin';

/** The connector-space entries after the cycle: which source objects changed state, which are gone. */

export interface ConnectorPlan {
  /** Full new state, only where connectorState or objectId changes. */
  sourceUpdates: SourceObject[];
  /** Anchors of source objects deleted on-premises whose deletion the cycle carried out. */
  sourceRemovals: string[];
}

/**
 * `sources` in processing order. A removed or out-of-scope source object the deletion threshold held
 * back stays exactly as it is, so the next cycle sees the same delete again.
 */
export function planConnector(
  sources: readonly SourceObject[],
  links: ReadonlyMap<string, CloudObject>,
  deletions: DeletionPlan,
): ConnectorPlan {
  const plan: ConnectorPlan = { sourceUpdates: [], sourceRemovals: [] };
  for (const source of sources) {
    const active = isActiveSource(source);
    if (!active && !deletions.settled.has(source.sourceAnchor)) continue;
    if (source.deletedAt !== null) {
      plan.sourceRemovals.push(source.sourceAnchor);
      continue;
    }
    const objectId = (active ? links.get(source.sourceAnchor)?.objectId : undefined) ?? null;
    const connectorState = objectId === null ? 'PendingAdd' : 'Exported';
    if (source.connectorState !== connectorState || source.objectId !== objectId) {
      plan.sourceUpdates.push({ ...source, connectorState, objectId });
    }
  }
  return plan;
}
