import type { SourceObject } from '../directory/model';
import { isPrimarySmtpAddress, normalizeUserPrincipalName } from '../directory/normalize';
import { bySourceOrder, isActiveSource } from '../sync/reconcileJoin';
import { normalizeAttributeValue } from '../sync/uniqueness';
import { commonNameOf } from './commonName';
import type { PreflightAction, PreflightRow } from './model';
import { objectValuesOf, passesValueRules, type ObjectValue } from './objectValues';
import { predictionKey, predictSyncErrors, type Prediction, type TenantState } from './prediction';
import { preflightRowId } from './rowId';
import { sortRules, type RuleId } from './ruleCatalog';
import { namespacesOf, uniqueSuggestion } from './uniqueSuggestion';
import { cleanUpProxyAddress, cleanUpUpn } from './valueChecks';
import {
  indexLiveValues,
  indexTenant,
  normalizeIn,
  sourceOwner,
  type Namespace,
  type ValueIndex,
} from './valueIndex';

export type { TenantState } from './prediction';

/** A row and the key it is listed (and paged) by: source order, then the value's place in the object. */
export interface KeyedRow {
  key: string;
  row: PreflightRow;
}

/** One value with its rules, before its suggestion is chosen. */
interface Finding {
  source: SourceObject;
  value: ObjectValue;
  rules: RuleId[];
  prediction: Prediction | null;
  loser: boolean;
  order: number;
}

const DUPLICATE_CATEGORIES = new Set(['DuplicateAttribute', 'DataMismatch']);

/**
 * Preflight over a tenant: IdFix's multi-tenant rules on every in-scope source object that is not
 * deleted (those are not checked: the next cycle removes them), duplicates among them, and what the
 * next cycle would raise against the cloud. Pure: the tenant's records in, the rows out.
 */
export function runPreflight(state: TenantState): KeyedRow[] {
  const active = state.sourceObjects.filter(isActiveSource).sort(bySourceOrder);
  const activeAnchors = new Set(active.map((source) => source.sourceAnchor));
  const index = indexTenant(state.sourceObjects, state.cloudObjects);
  const live = indexLiveValues(state.sourceObjects, state.cloudObjects);
  const predictions = predictSyncErrors(state);
  const perObject = active.map((source) => ({ source, values: objectValuesOf(source) }));
  const holders = sourceHolders(perObject);
  const byAnchor = new Map(perObject.map((entry) => [entry.source.sourceAnchor, entry]));
  // Who gives up each shared value, worked out once per value (a value may have many holders).
  const loserSets = new Map<string, ReadonlySet<string>>();
  const losers = (value: ObjectValue, owners: readonly string[]): ReadonlySet<string> => {
    const key = `${value.namespace ?? ''}\n${normalizeIn(value.namespace ?? 'upn', value.value)}`;
    let found = loserSets.get(key);
    if (!found) loserSets.set(key, (found = losersOf(value, owners, byAnchor, predictionOf)));
    return found;
  };

  const predictionOf = (source: SourceObject, value: ObjectValue): Prediction | null => {
    if (value.syncAttribute === null) return null;
    const normalized = normalizeAttributeValue(value.syncAttribute, value.value);
    return predictions.get(predictionKey(source.sourceAnchor, value.attribute, normalized)) ?? null;
  };

  const findings: Finding[] = [];
  for (const { source, values } of perObject) {
    const self = sourceOwner(source.sourceAnchor);
    values.forEach((value, order) => {
      const rules: RuleId[] = [...value.checks.rules, ...value.objectRules];
      const prediction = predictionOf(source, value);
      const owners =
        value.namespace === null
          ? []
          : (holders.get(value.namespace)?.get(normalizeIn(value.namespace, value.value)) ?? []);
      const inSource = owners.length > 1;
      if (inSource) rules.push('duplicateInSource');
      const other = prediction?.otherSourceAnchor ?? null;
      const otherIsSource = other !== null && other !== source.sourceAnchor && activeAnchors.has(other);
      if (prediction && DUPLICATE_CATEGORIES.has(prediction.category) && (!otherIsSource || !inSource)) {
        rules.push('duplicateInCloud');
      }
      if (
        value.attribute === 'userPrincipalName' &&
        live.heldByOther('proxy', normalizeUserPrincipalName(value.value), { owner: self, ref: null })
      ) {
        rules.push('upnMatchesProxyAddress');
      }
      if (rules.length === 0) return;
      const loser =
        rules.includes('duplicateInCloud') || (inSource && losers(value, owners).has(source.sourceAnchor));
      findings.push({ source, value, rules: sortRules(rules), prediction, loser, order });
    });
  }

  // Suggestions in the listing's order, each reserved as it is made: two rows never get one value.
  const rows = new Map<string, KeyedRow>();
  for (const finding of findings) {
    const id = preflightRowId(finding.source.sourceAnchor, finding.value.attribute, finding.value.value);
    const existing = rows.get(id);
    if (existing) {
      // The same value listed twice on one object: one row, every rule.
      existing.row.rules = sortRules([...existing.row.rules, ...finding.rules] as RuleId[]);
      continue;
    }
    const { suggestedValue, action } = suggest(finding, index);
    rows.set(id, {
      key: listingKey(finding, id),
      row: {
        id,
        sourceAnchor: finding.source.sourceAnchor,
        distinguishedName: finding.source.distinguishedName,
        objectType: finding.source.objectType,
        attribute: finding.value.attribute,
        value: finding.value.value,
        rules: finding.rules,
        suggestedValue,
        action,
        predictedSyncError: finding.prediction && {
          errorType: finding.prediction.errorType,
          category: finding.prediction.category,
          otherObjectId: finding.prediction.otherObjectId,
          otherSourceAnchor: finding.prediction.otherSourceAnchor,
        },
      },
    });
  }
  return [...rows.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

type PerObject = { source: SourceObject; values: ObjectValue[] }[];

/** Each unique value of the in-scope source objects → the anchors holding it, in source order. */
function sourceHolders(perObject: PerObject): Map<Namespace, Map<string, string[]>> {
  const holders = new Map<Namespace, Map<string, string[]>>();
  for (const { source, values } of perObject) {
    for (const value of values) {
      if (value.namespace === null) continue;
      const normalized = normalizeIn(value.namespace, value.value);
      if (normalized === '') continue;
      let byValue = holders.get(value.namespace);
      if (!byValue) holders.set(value.namespace, (byValue = new Map<string, string[]>()));
      const anchors = byValue.get(normalized) ?? [];
      if (anchors[anchors.length - 1] !== source.sourceAnchor) anchors.push(source.sourceAnchor);
      byValue.set(normalized, anchors);
    }
  }
  return holders;
}

/**
 * Which of the source objects sharing a value give it up: the ones the cycle would raise an error for
 * (it keeps the value with the others); where it raises none (mailNickname, which Entra does not hold
 * unique), every one but the first in source order, as the cycle would have it.
 */
function losersOf(
  value: ObjectValue,
  owners: readonly string[],
  byAnchor: ReadonlyMap<string, PerObject[number]>,
  predictionOf: (source: SourceObject, value: ObjectValue) => Prediction | null,
): ReadonlySet<string> {
  const normalized = normalizeIn(value.namespace ?? 'upn', value.value);
  const predicted = new Set<string>();
  for (const owner of owners) {
    const entry = byAnchor.get(owner);
    if (!entry) continue;
    const same = entry.values.filter(
      (v) => v.namespace === value.namespace && normalizeIn(v.namespace ?? 'upn', v.value) === normalized,
    );
    if (same.some((v) => predictionOf(entry.source, v) !== null)) predicted.add(owner);
  }
  return predicted.size > 0 ? predicted : new Set(owners.slice(1));
}

/** What IdFix proposes for the value, finished and checked; null when it has nothing valid to offer. */
function proposalOf(finding: Finding): string | null {
  const { value, rules } = finding;
  const cn = commonNameOf(finding.source.distinguishedName);
  if (rules.includes('displayNameBlank')) return cn;
  let proposed: string = value.checks.value;
  if (value.attribute === 'userPrincipalName') proposed = cleanUpUpn(proposed);
  if (value.attribute === 'proxyAddresses') proposed = cleanUpProxyAddress(proposed);
  // A second primary address becomes a secondary one (`SMTP:` → `smtp:`): the first stays primary.
  if (rules.includes('multiplePrimarySmtp')) proposed = `smtp:${proposed.slice(5)}`;
  if (proposed === value.value || proposed === '' || !passesValueRules(value.attribute, proposed))
    return null;
  return proposed;
}

function suggest(
  finding: Finding,
  index: ValueIndex,
): { suggestedValue: string | null; action: PreflightAction } {
  const { value, source } = finding;
  const owner = sourceOwner(source.sourceAnchor);
  const multiValued = value.attribute === 'proxyAddresses';
  const proposal = proposalOf(finding);
  let candidate = proposal;
  if (candidate === null && finding.loser) {
    // A secondary or non-SMTP address another object keeps is the other object's: remove it here.
    if (multiValued && !isPrimarySmtpAddress(value.value)) return { suggestedValue: null, action: 'Remove' };
    if (value.value !== '' && passesValueRules(value.attribute, value.value)) candidate = value.value;
  }
  if (candidate === null) {
    const blank = finding.rules.includes('displayNameBlank');
    return { suggestedValue: null, action: blank ? 'Complete' : 'Edit' };
  }
  const namespaces = namespacesOf(value.attribute, candidate);
  const isFree = (suggestion: string) =>
    namespaces.every((namespace, i) => {
      // In its own attribute a multi-valued value is itself only; across attributes the whole object is.
      const ref = i === 0 && multiValued ? value.ref : null;
      return !index.heldByOther(namespace, normalizeIn(namespace, suggestion), { owner, ref });
    });
  const suggestion = uniqueSuggestion({
    attribute: value.attribute,
    candidate,
    isFree,
    isValid: (next) => passesValueRules(value.attribute, next),
  });
  const own = namespaces[0];
  if (suggestion !== null && own !== undefined) {
    index.add(own, suggestion, { owner, ref: `suggestion:${value.ref}` });
  }
  return { suggestedValue: suggestion, action: 'Edit' };
}

function listingKey(finding: Finding, id: string): string {
  const sequence = String(finding.source.sequence).padStart(16, '0');
  return `${sequence}:${String(finding.order).padStart(4, '0')}:${id}`;
}
