import type { DirectoryAttributes } from '../directory/model';
import {
  normalizeProxyAddress,
  normalizeSecurityIdentifier,
  normalizeSipProxyAddress,
  normalizeUserPrincipalName,
} from '../directory/normalize';
import type { SyncAttribute } from './model';

/**
 * The SPEC's uniqueness table as code: which values of an object must be unique, how they compare, and
 * what a conflict on each costs the incoming object.
 */

/**
 * What a conflict on a value costs the incoming object (SPEC uniqueness table; Microsoft Learn,
 * "Identity synchronization and duplicate attribute resiliency": resiliency covers UserPrincipalName
 * and SMTP ProxyAddresses only):
 * - `quarantine`: the UPN; a placeholder takes its place;
 * - `smtp`: an SMTP proxy address; left off when the holder is of the same class, the export fails
 *   when it is of another (the documented known issue);
 * - `failsExport`: other proxy address types (`X500:`, `SIP:`, `EUM:` …), SipProxyAddress and
 *   OnPremiseSecurityIdentifier: the object's export fails.
 */
export type ConflictRule = 'quarantine' | 'smtp' | 'failsExport';

export interface UniqueValue {
  attribute: SyncAttribute;
  /** As the object holds it (an error shows this). */
  value: string;
  /** What uniqueness compares. */
  normalized: string;
  rule: ConflictRule;
}

export function normalizeAttributeValue(attribute: SyncAttribute, value: string): string {
  switch (attribute) {
    case 'UserPrincipalName':
      return normalizeUserPrincipalName(value);
    case 'ProxyAddresses':
      return normalizeProxyAddress(value);
    case 'SipProxyAddress':
      return normalizeSipProxyAddress(value);
    case 'OnPremiseSecurityIdentifier':
      return normalizeSecurityIdentifier(value);
    case 'SourceAnchor':
      // Anchors compare case-sensitively (SPEC "Error categories": they are base64).
      return value;
  }
}

/** A conflict on this value fails the whole export of the object, whoever holds it (SPEC decision 16). */
export function failsExport(value: UniqueValue): boolean {
  return value.rule === 'failsExport';
}

/** An address is SMTP when it says so (`SMTP:`, `smtp:`) or names no type at all. */
const OTHER_ADDRESS_TYPE = /^(?!smtp:)[^:@]+:/i;

function ruleOf(attribute: SyncAttribute, value: string): ConflictRule {
  switch (attribute) {
    case 'UserPrincipalName':
      return 'quarantine';
    case 'ProxyAddresses':
      return OTHER_ADDRESS_TYPE.test(value) ? 'failsExport' : 'smtp';
    case 'SipProxyAddress':
    case 'OnPremiseSecurityIdentifier':
    case 'SourceAnchor':
      return 'failsExport';
  }
}

/** Adds the value unless it is empty (`''`, a bare `smtp:`): that is no value at all, nothing to hold. */
function pushValue(values: UniqueValue[], attribute: SyncAttribute, value: string | null): void {
  if (value === null) return;
  const normalized = normalizeAttributeValue(attribute, value);
  if (normalized !== '') values.push({ attribute, value, normalized, rule: ruleOf(attribute, value) });
}

/**
 * Every unique value an object holds or asks for, in the SPEC table's order. A UPN counts only on a
 * user: the table makes it unique among users, and groups and contacts have none. Built by pushing
 * into one array: this runs for every object of every cycle.
 */
export function uniqueValuesOf(attributes: DirectoryAttributes): UniqueValue[] {
  const values: UniqueValue[] = [];
  if (attributes.objectType === 'User') pushValue(values, 'UserPrincipalName', attributes.userPrincipalName);
  for (const address of attributes.proxyAddresses) pushValue(values, 'ProxyAddresses', address);
  pushValue(values, 'SipProxyAddress', attributes.sipProxyAddress);
  pushValue(values, 'OnPremiseSecurityIdentifier', attributes.onPremisesSecurityIdentifier);
  return values;
}

/**
 * Who holds each value during one cycle: normalized value → holder key. Built fresh per cycle and
 * per allocation round, never shared (a Functions worker runs tenants concurrently).
 *
 * One map per attribute, picked by a switch: the allocation calls this a few times per value of every
 * object, and a map of maps cost a second lookup (and a hash of the attribute name) on each call.
 */
export class ClaimIndex {
  private readonly upns = new Map<string, string>();
  private readonly proxyAddresses = new Map<string, string>();
  private readonly sipAddresses = new Map<string, string>();
  private readonly securityIdentifiers = new Map<string, string>();
  private readonly sourceAnchors = new Map<string, string>();

  private namespace(attribute: SyncAttribute): Map<string, string> {
    switch (attribute) {
      case 'UserPrincipalName':
        return this.upns;
      case 'ProxyAddresses':
        return this.proxyAddresses;
      case 'SipProxyAddress':
        return this.sipAddresses;
      case 'OnPremiseSecurityIdentifier':
        return this.securityIdentifiers;
      case 'SourceAnchor':
        return this.sourceAnchors;
    }
  }

  holderOf(attribute: SyncAttribute, normalized: string): string | undefined {
    return this.namespace(attribute).get(normalized);
  }

  /** An object never conflicts with itself. */
  isHeldByOther(attribute: SyncAttribute, normalized: string, holder: string): boolean {
    const current = this.holderOf(attribute, normalized);
    return current !== undefined && current !== holder;
  }

  /** Takes the value when it is free; whoever holds it first keeps it. True when `holder` holds it after. */
  claim(attribute: SyncAttribute, normalized: string, holder: string): boolean {
    const values = this.namespace(attribute);
    const current = values.get(normalized);
    if (current === undefined) values.set(normalized, holder);
    return current === undefined || current === holder;
  }

  release(attribute: SyncAttribute, normalized: string, holder: string): void {
    const values = this.namespace(attribute);
    if (values.get(normalized) === holder) values.delete(normalized);
  }
}
