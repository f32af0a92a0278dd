import type { CloudObject, SourceObject } from '../directory/model';
import type { Allocation, GrantedValues } from './reconcileAllocation';
import { targetHolderKey } from './reconcileClaimants';
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
  /** Each target's cloud object after the cycle, by holder key: the linked one, or a soft-match candidate left untouched. */
  afterByHolder: Map<string, CloudObject>;
  /** Anchor → the cloud object (after the cycle) the source object is linked to. */
  links: Map<string, CloudObject>;
}

export function planCloudState(input: CloudStateInput): CloudStatePlan {
  const plan: CloudStatePlan = { creates: [], updates: [], afterByHolder: new Map(), links: new Map() };
  let sequence = input.nextSequence;
  for (const target of input.targets) {
    const granted = input.allocation.granted.get(target.source.sourceAnchor);
    const after = afterState(target, granted, () => provisioned(input, sequence++));
    if (after === null) continue;
    if (target.cloud === null) plan.creates.push(after);
    else if (!sameSyncedState(after, target.cloud)) plan.updates.push(after);
    plan.afterByHolder.set(targetHolderKey(target.source.sourceAnchor), after);
    // A soft match whose export failed never happened: the candidate stays cloud-only and unlinked.
    if (granted !== undefined || target.join === 'hard') plan.links.set(target.source.sourceAnchor, after);
  }
  return plan;
}

type Identity = Pick<CloudObject, 'objectId' | 'sequence' | 'createdDateTime'>;

function afterState(
  target: Target,
  granted: GrantedValues | undefined,
  newIdentity: () => Identity,
): CloudObject | null {
  if (granted === undefined) return target.cloud;
  const identity = target.cloud ?? newIdentity();
  return { ...target.cloud, ...identity, ...syncedState(target.source, granted) };
}

function provisioned(input: CloudStateInput, sequence: number): Identity {
  return { objectId: input.newObjectId(), sequence, createdDateTime: input.now };
}

/** What a synced object takes from its source: every shared attribute, its anchor, and active again. */
function syncedState(source: SourceObject, granted: GrantedValues): Omit<CloudObject, keyof Identity> {
  return {
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
  };
}

/** Field by field rather than structurally: this runs for every linked object in every cycle. */
function sameSyncedState(a: CloudObject, b: CloudObject): boolean {
  return (
    a.objectType === b.objectType &&
    a.userPrincipalName === b.userPrincipalName &&
    a.mailNickname === b.mailNickname &&
    a.displayName === b.displayName &&
    a.sipProxyAddress === b.sipProxyAddress &&
    a.onPremisesSecurityIdentifier === b.onPremisesSecurityIdentifier &&
    a.sourceAnchor === b.sourceAnchor &&
    a.dirSyncEnabled === b.dirSyncEnabled &&
    a.deletedDateTime === b.deletedDateTime &&
    a.proxyAddresses.length === b.proxyAddresses.length &&
    a.proxyAddresses.every((address, i) => address === b.proxyAddresses[i])
  );
}
