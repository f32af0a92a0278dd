import type { CloudObject, SourceObject } from '../directory/model';
import type { Allocation, GrantedValues } from './reconcileAllocation';
import type { Target } from './reconcileJoin';

/**
 * The cloud state each target ends the cycle with. A linked object's state is recomputed from its source
 * every cycle (minus what is quarantined), which is what restores a quarantined value as soon as its
 * conflict is gone. An object whose export failed is left exactly as read (SPEC decision 16).
 */

export interface CloudStateInput {
  targets: readonly Target[];
  allocation: Allocation;
  now: string;
  newObjectId: () => string;
  /** The sequence the first provisioned object gets; the next ones follow in processing order. */
  nextSequence: number;
}

export interface CloudStatePlan {
  creates: CloudObject[];
  /** Only objects whose state changes. */
  updates: CloudObject[];
  /**
   * By holder key, the cloud object after the cycle (the linked one, or a soft-match candidate left
   * untouched) of each target holding a value another object asked for: the errors describe these,
   * and nothing looks up any other target by holder.
   */
  afterByHolder: Map<string, CloudObject>;
  /** Anchor → the cloud object (after the cycle) the source object is linked to. */
  links: Map<string, CloudObject>;
}

export function planCloudState(input: CloudStateInput): CloudStatePlan {
  const plan: CloudStatePlan = { creates: [], updates: [], afterByHolder: new Map(), links: new Map() };
  let sequence = input.nextSequence;
  const described = new Set(input.allocation.conflicts.map((conflict) => conflict.holder));
  for (const [i, target] of input.targets.entries()) {
    const granted = input.allocation.granted[i];
    const after = afterState(target, granted, () => provisioned(input, sequence++));
    if (after === null) continue;
    if (target.cloud === null) plan.creates.push(after);
    else if (after !== target.cloud) plan.updates.push(after);
    const holder = input.allocation.holders[i];
    if (holder !== undefined && described.has(holder)) plan.afterByHolder.set(holder, after);
    // A soft match whose export failed never happened: the candidate stays cloud-only and unlinked.
    if (granted !== undefined || target.join === 'hard') plan.links.set(target.source.sourceAnchor, after);
  }
  return plan;
}

/** What a synced object keeps of its own: its identity, and its directory roles (cloud-only). */
type Identity = Pick<CloudObject, 'objectId' | 'sequence' | 'createdDateTime' | 'directoryRoleTemplateIds'>;

/** The object as read when nothing of it changes: its export failed, or it is in sync already. */
function afterState(
  target: Target,
  granted: GrantedValues | undefined,
  newIdentity: () => Identity,
): CloudObject | null {
  if (granted === undefined) return target.cloud;
  if (target.cloud === null) return syncedState(newIdentity(), target.source, granted);
  const { directoryRolesToRestore: restore, directoryRolesToRestoreFor: restoreFor, ...cloud } = target.cloud;
  // Only the user the fix was for gets the roles back; any other join leaves them waiting.
  if (restore !== undefined && restore.length > 0 && restoreFor === target.source.sourceAnchor) {
    // The admin the ExistingAdminRoleConflict fix prepared: joined now, it gets its roles back.
    return {
      ...cloud,
      ...syncedState({ ...cloud, directoryRoleTemplateIds: restore }, target.source, granted),
    };
  }
  if (isInSync(target.cloud, target.source, granted)) return target.cloud;
  return { ...target.cloud, ...syncedState(target.cloud, target.source, granted) };
}

function provisioned(input: CloudStateInput, sequence: number): Identity {
  return {
    objectId: input.newObjectId(),
    sequence,
    createdDateTime: input.now,
    directoryRoleTemplateIds: [],
  };
}

/**
 * What a synced object takes from its source: every shared attribute, its anchor, and active again.
 * Written out whole, identity first, rather than spread from parts: it runs for every new object.
 */
function syncedState(identity: Identity, source: SourceObject, granted: GrantedValues): CloudObject {
  return {
    objectId: identity.objectId,
    sequence: identity.sequence,
    createdDateTime: identity.createdDateTime,
    objectType: source.objectType,
    userPrincipalName: granted.userPrincipalName,
    mailNickname: source.mailNickname,
    displayName: source.displayName,
    proxyAddresses: granted.proxyAddresses,
    sipProxyAddress: source.sipProxyAddress,
    onPremisesSecurityIdentifier: source.onPremisesSecurityIdentifier,
    sourceAnchor: source.sourceAnchor,
    dirSyncEnabled: true,
    deletedDateTime: null,
    directoryRoleTemplateIds: identity.directoryRoleTemplateIds,
  };
}

/**
 * Whether the synced state would change nothing of `cloud`, field by field and before building it:
 * this runs for every linked object in every cycle, and nearly all of them are in sync.
 */
function isInSync(cloud: CloudObject, source: SourceObject, granted: GrantedValues): boolean {
  return (
    cloud.objectType === source.objectType &&
    cloud.userPrincipalName === granted.userPrincipalName &&
    cloud.mailNickname === source.mailNickname &&
    cloud.displayName === source.displayName &&
    cloud.sipProxyAddress === source.sipProxyAddress &&
    cloud.onPremisesSecurityIdentifier === source.onPremisesSecurityIdentifier &&
    cloud.sourceAnchor === source.sourceAnchor &&
    cloud.dirSyncEnabled &&
    cloud.deletedDateTime === null &&
    cloud.proxyAddresses.length === granted.proxyAddresses.length &&
    cloud.proxyAddresses.every((address, i) => address === granted.proxyAddresses[i])
  );
}
