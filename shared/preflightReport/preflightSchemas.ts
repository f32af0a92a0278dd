import { z } from 'zod';
import { OBJECT_TYPES } from '../directory/model';
import { describes } from '../contract/operation';
import { pageSchema } from '../contract/paging';
import {
  PREFLIGHT_ACTIONS,
  PREFLIGHT_ATTRIBUTES,
  RULE_SEVERITIES,
  type PreflightRow,
} from '../preflight/model';
import { RULE_IDS } from '../preflight/ruleCatalog';
import { ERROR_CATEGORIES, ERROR_TYPES } from '../sync/model';
import type { PreflightRuleView } from './preflightRules';

/** The JSON of the Preflight routes, each held to its type by `describes`. */

export const preflightRowSchema = describes<PreflightRow>()(
  z
    .object({
      id: z
        .string()
        .meta({ description: 'Stable hash of (sourceAnchor, attribute, value); the LDIF route takes it.' }),
      sourceAnchor: z.string(),
      distinguishedName: z.string().nullable(),
      objectType: z.enum(OBJECT_TYPES),
      attribute: z.enum(PREFLIGHT_ATTRIBUTES).meta({ description: 'The AD attribute (ldapDisplayName).' }),
      value: z.string().meta({ description: "The value as the source holds it; '' for a blank one." }),
      rules: z
        .array(z.string())
        .meta({ description: 'Ids of the rules it breaks (GET /api/preflight/rules).' }),
      suggestedValue: z.string().nullable().meta({
        description: 'What to put instead; never a value another object holds. Null: nothing to suggest.',
      }),
      action: z.enum(PREFLIGHT_ACTIONS).meta({
        description:
          '`Edit` the value, `Remove` it (one of several proxy addresses), `Complete` a blank one.',
      }),
      predictedSyncError: z
        .object({
          errorType: z.enum(ERROR_TYPES),
          category: z.enum(ERROR_CATEGORIES),
          otherObjectId: z.string().nullable(),
          otherSourceAnchor: z.string().nullable(),
        })
        .nullable()
        .meta({ description: 'The sync error the next cycle would raise on this value, or null.' }),
    })
    .meta({ description: 'A value of an on-premises object that breaks at least one Preflight rule.' }),
);

export const preflightPageSchema = pageSchema(preflightRowSchema);

export const preflightRuleSchema = describes<PreflightRuleView>()(
  z.object({
    id: z.enum(RULE_IDS),
    description: z.string(),
    attributes: z.array(z.enum(PREFLIGHT_ATTRIBUTES)),
    severity: z.enum(RULE_SEVERITIES),
    source: z
      .string()
      .meta({ description: 'IdFix source file and line, Microsoft Learn page, or engine file.' }),
    count: z.number().int().min(0).meta({ description: "How many of the tenant's rows break it now." }),
  }),
);

export const preflightRulePageSchema = pageSchema(preflightRuleSchema);
