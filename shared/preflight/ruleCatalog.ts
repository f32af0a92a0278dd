import type { PreflightAttribute, RuleSeverity } from './model';

/**
 * Every Preflight rule, in the order rows list them. IdFix's rules come from its v2.6 source
 * (github.com/microsoft/idfix, `src/IdFix/...`, cited by file and line); the rules beyond IdFix cite the
 * Microsoft Learn page or the engine file whose verdict they predict.
 */

export const RULE_IDS = [
  'upnTooLong',
  'upnPrefixTooLong',
  'upnDomainTooLong',
  'upnInvalidCharacter',
  'proxyAddressTooLong',
  'proxyAddressColon',
  'proxyAddressInvalidCharacter',
  'topLevelDomain',
  'domainPart',
  'localPart',
  'format',
  'mailNicknameTooLong',
  'mailNicknameLeadingPeriod',
  'displayNameTooLong',
  'displayNameBlank',
  'duplicateInSource',
  'duplicateInCloud',
  'upnMatchesProxyAddress',
  'multiplePrimarySmtp',
  'identityDataValidationFailed',
  'largeObject',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

export interface RuleDefinition {
  id: RuleId;
  description: string;
  attributes: readonly PreflightAttribute[];
  severity: RuleSeverity;
  /** Where the rule comes from: an IdFix source file and line, a Microsoft Learn page, or an engine file. */
  source: string;
}

const IDFIX_REPO = 'microsoft/idfix v2.6 ';
const IDFIX = `${IDFIX_REPO}src/IdFix/`;
const EMAIL_ATTRIBUTES = ['userPrincipalName', 'proxyAddresses'] as const;
const UNIQUE_ATTRIBUTES = [
  'userPrincipalName',
  'proxyAddresses',
  'msRTCSIP-PrimaryUserAddress',
  'objectSid',
] as const;

const DEFINITIONS: Record<RuleId, Omit<RuleDefinition, 'id'>> = {
  upnTooLong: {
    description: 'The UPN is longer than 113 characters.',
    attributes: ['userPrincipalName'],
    severity: 'error',
    source: `${IDFIX}Rules/MultiTenantRuleCollection.cs:133 (StringMaxLengthRule(113))`,
  },
  upnPrefixTooLong: {
    description: 'More than 64 characters before the @ (IdFix documents it; its code does not check it).',
    attributes: ['userPrincipalName'],
    severity: 'error',
    source: `${IDFIX_REPO}docs/Errors supported by the IdFix tool.md (userPrincipalName)`,
  },
  upnDomainTooLong: {
    description: 'More than 48 characters after the @ (IdFix documents it; its code does not check it).',
    attributes: ['userPrincipalName'],
    severity: 'error',
    source: `${IDFIX_REPO}docs/Errors supported by the IdFix tool.md (userPrincipalName)`,
  },
  upnInvalidCharacter: {
    description:
      'The UPN holds whitespace, one of \\ % & * + / = ? \' { } | < > ( ) ; : , [ ] " or an umlaut.',
    attributes: ['userPrincipalName'],
    severity: 'error',
    source: `${IDFIX}Settings/Constants.cs:31 (InvalidUpnRegExRegex)`,
  },
  proxyAddressTooLong: {
    description: 'The proxy address is longer than 256 characters.',
    attributes: ['proxyAddresses'],
    severity: 'error',
    source: `${IDFIX}Rules/MultiTenantRuleCollection.cs:98 (StringMaxLengthRule(256))`,
  },
  proxyAddressColon: {
    description: 'A colon after the address type prefix (`smtp:a:b@x`).',
    attributes: ['proxyAddresses'],
    severity: 'error',
    source: `${IDFIX}Rules/Shared/FixProxyTargetAddressRule.cs:10-19`,
  },
  proxyAddressInvalidCharacter: {
    description:
      'SMTP: whitespace or one of < > ( ) ; , [ ] "; X400/X500: a control character or [ ] " \'; ' +
      'other types: whitespace or one of < > ( ) , [ ] ".',
    attributes: ['proxyAddresses'],
    severity: 'error',
    source: `${IDFIX}Settings/Constants.cs:32-39, Rules/MultiTentant/ProxyAddressComposedRule.cs:38-57`,
  },
  topLevelDomain: {
    description:
      'The domain ends in a top-level domain that does not route on the internet (.local, .lan, .corp…).',
    attributes: EMAIL_ATTRIBUTES,
    severity: 'error',
    source: `${IDFIX}Rules/Shared/RFC2822Rule.cs:16-27 (ValidTLDList)`,
  },
  domainPart: {
    description:
      'The part after the @ is not a domain name (letters, digits, hyphens, dots; a 2–17 letter TLD).',
    attributes: EMAIL_ATTRIBUTES,
    severity: 'error',
    source: `${IDFIX}Rules/Shared/RFC2822Rule.cs:29-38, Settings/Constants.cs:28 (DomainPartRegex)`,
  },
  localPart: {
    description:
      'The part before the @ breaks RFC 2822 (a dot first, last or doubled, another @, a character outside its set).',
    attributes: EMAIL_ATTRIBUTES,
    severity: 'error',
    source: `${IDFIX}Rules/Shared/RFC2822Rule.cs:40-49, Settings/Constants.cs:29 (LocalPartRegex)`,
  },
  format: {
    description: 'Not an RFC 2822 address (local@domain), even after removing what the other rules remove.',
    attributes: EMAIL_ATTRIBUTES,
    severity: 'error',
    source: `${IDFIX}Rules/Shared/RFC2822Rule.cs:51-55, Settings/Constants.cs:30 (Rfc2822Regex)`,
  },
  mailNicknameTooLong: {
    description: 'The mailNickname is longer than 64 characters.',
    attributes: ['mailNickname'],
    severity: 'error',
    source: `${IDFIX}Rules/MultiTenantRuleCollection.cs:81 (StringMaxLengthRule(64))`,
  },
  mailNicknameLeadingPeriod: {
    description: 'The mailNickname starts with a period.',
    attributes: ['mailNickname'],
    severity: 'error',
    source: `${IDFIX}Rules/MultiTenantRuleCollection.cs:82 (RegexRule ^[.]+)`,
  },
  displayNameTooLong: {
    description: 'The displayName is longer than 256 characters.',
    attributes: ['displayName'],
    severity: 'error',
    source: `${IDFIX}Rules/MultiTenantRuleCollection.cs:59 (StringMaxLengthRule; 256 is AD's and Entra's limit)`,
  },
  displayNameBlank: {
    description: 'The displayName is blank.',
    attributes: ['displayName'],
    severity: 'error',
    source: `${IDFIX}Rules/MultiTenantRuleCollection.cs:60, Rules/Shared/BlankStringRule.cs`,
  },
  duplicateInSource: {
    description:
      'Another in-scope source object holds the same value (compared as the sync engine compares).',
    attributes: [...UNIQUE_ATTRIBUTES.slice(0, 2), 'mailNickname', ...UNIQUE_ATTRIBUTES.slice(2)],
    severity: 'error',
    source: `${IDFIX}Rules/Shared/NoDuplicatesRule.cs, DuplicateStore.cs`,
  },
  duplicateInCloud: {
    description:
      'A cloud object the next cycle will not join this object to holds the value: the cycle will quarantine or refuse it.',
    attributes: UNIQUE_ATTRIBUTES,
    severity: 'error',
    source:
      'Microsoft Learn, "Identity synchronization and duplicate attribute resiliency"; shared/sync/reconcile.ts',
  },
  upnMatchesProxyAddress: {
    description: "The UPN equals another object's proxy address: Entra links them for Exchange recipients.",
    attributes: ['userPrincipalName'],
    severity: 'warning',
    source:
      'Microsoft Learn, "How the proxyAddresses attribute is populated in Microsoft Entra ID" (troubleshoot)',
  },
  multiplePrimarySmtp: {
    description: 'More than one primary SMTP: address: only the first can be the primary one.',
    attributes: ['proxyAddresses'],
    severity: 'error',
    source:
      'Microsoft Learn, "How the proxyAddresses attribute is populated in Microsoft Entra ID" (troubleshoot)',
  },
  identityDataValidationFailed: {
    description: 'Entra refuses this UPN (IdentityDataValidationFailed): the object will not export.',
    attributes: ['userPrincipalName'],
    severity: 'error',
    source:
      'Microsoft Learn, "Prepare for directory synchronization" (UPN requirements); shared/sync/entraValidation.ts',
  },
  largeObject: {
    description: 'More than 332 proxy addresses (LargeObject): the object will not export.',
    attributes: ['proxyAddresses'],
    severity: 'error',
    source:
      'Microsoft Learn, "Troubleshooting errors during synchronization" (LargeObject); shared/sync/entraValidation.ts',
  },
};

export const RULE_CATALOG: readonly RuleDefinition[] = RULE_IDS.map((id) => ({ id, ...DEFINITIONS[id] }));

const ORDER = new Map<string, number>(RULE_IDS.map((id, index) => [id, index]));

/** Rule ids in catalog order, each once. */
export function sortRules(rules: Iterable<RuleId>): RuleId[] {
  return [...new Set(rules)].sort((a, b) => (ORDER.get(a) ?? 0) - (ORDER.get(b) ?? 0));
}
