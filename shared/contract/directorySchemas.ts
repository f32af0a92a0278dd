import { z } from 'zod';
import { inputFor } from '../describes';
import {
  OBJECT_TYPES,
  type CloudObject,
  type DirectoryAttributes,
  type SourceObject,
} from '../directory/model';
import { UNSTORABLE_CLASS } from '../store/storableText';

/**
 * No control characters anywhere: they break keys, logs and CSV alike; nor line or paragraph
 * separators, which the store refuses (shared/store/storableText.ts): this keeps route and query
 * values out too. (Broken Unicode never gets this far: readJsonBody refuses a body holding a lone
 * surrogate, and route values are decoded UTF-8.)
 */
export const text = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(
      new RegExp(`^[^\\p{Cc}${UNSTORABLE_CLASS}]*$`, 'u'),
      'must not contain control characters or line separators',
    );

/**
 * An anchor is addressed in a URL path (`source-objects/{*sourceAnchor}`), where every HTTP stack
 * (clients, proxies, Azure's front end, the local host) removes `.` and `..` segments (RFC 3986
 * 5.2.4): `x/../victim` arrives as `victim`. An anchor holding such a segment could never be read
 * or deleted, and would address another object, so it is refused. ImmutableIds (base64) hold no dot.
 */
export const sourceAnchorSchema = text(59).refine(
  (anchor) => !anchor.split('/').some((segment) => segment === '.' || segment === '..'),
  'must not hold . or .. as a /-separated segment: a URL could not address it',
);
export const objectIdSchema = z.guid().transform((id) => id.toLowerCase());

/**
 * Input holds what Active Directory can hold, within its schema's bounds (rangeUpper:
 * userPrincipalName 1,024, proxyAddresses 1,123 a value; SPEC "Objects"), not what Entra accepts:
 * a UPN Entra refuses, or too many proxy addresses, is the engine's verdict (IdentityDataValidationFailed,
 * LargeObject, shared/sync/entraValidation.ts), shown as a sync error like Entra shows it, not a 400.
 */
export const MAX_UPN_INPUT = 1024;
export const MAX_PROXY_ADDRESS_INPUT = 1123;
export const MAX_PROXY_ADDRESSES_INPUT = 1000;
const upn = text(MAX_UPN_INPUT);
const proxyAddress = text(MAX_PROXY_ADDRESS_INPUT);

const attributes = {
  objectType: z.enum(OBJECT_TYPES),
  userPrincipalName: upn.nullish(),
  mailNickname: text(64).nullish(),
  displayName: text(256).nullish(),
  proxyAddresses: z.array(proxyAddress).max(MAX_PROXY_ADDRESSES_INPUT).default([]),
  sipProxyAddress: text(256).nullish(),
  onPremisesSecurityIdentifier: text(184)
    .regex(/^S-1-[0-9-]+$/i, 'must be a SID in S-1-... form')
    .nullish(),
};

interface AttributeShape {
  objectType: (typeof OBJECT_TYPES)[number];
  userPrincipalName?: string | null | undefined;
  proxyAddresses: string[];
}

/** SPEC decision 21: users need a UPN, groups and contacts have none; at most one primary SMTP. */
function checkAttributes(value: AttributeShape, ctx: z.RefinementCtx): void {
  if (value.objectType === 'User' && !value.userPrincipalName) {
    ctx.addIssue({
      code: 'custom',
      path: ['userPrincipalName'],
      message: 'a User needs a userPrincipalName',
    });
  }
  if (value.objectType !== 'User' && value.userPrincipalName) {
    ctx.addIssue({
      code: 'custom',
      path: ['userPrincipalName'],
      message: `a ${value.objectType} has no userPrincipalName`,
    });
  }
  if (value.proxyAddresses.filter((p) => p.startsWith('SMTP:')).length > 1) {
    ctx.addIssue({ code: 'custom', path: ['proxyAddresses'], message: 'at most one primary SMTP: address' });
  }
}

/**
 * Each input is held to its record by `inputFor`: it takes every directory attribute and the
 * record fields a caller owns, and each field it shares with the record parses to a value the record
 * takes. The rest of the record (sequence, times, connector state, links) the use case derives.
 */
export const sourceObjectInput = inputFor<
  SourceObject,
  keyof DirectoryAttributes | 'distinguishedName' | 'inScope'
>()(
  z
    .strictObject({
      sourceAnchor: sourceAnchorSchema.optional(),
      objectGuid: z.guid().optional(),
      distinguishedName: text(2048).nullish(),
      inScope: z.boolean().default(true),
      ...attributes,
    })
    .superRefine((value, ctx) => {
      if (value.sourceAnchor !== undefined && value.objectGuid !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['objectGuid'],
          message: 'give sourceAnchor or objectGuid, not both',
        });
      }
      if (value.sourceAnchor === undefined && value.objectGuid === undefined) {
        ctx.addIssue({ code: 'custom', path: ['sourceAnchor'], message: 'give sourceAnchor or objectGuid' });
      }
      checkAttributes(value, ctx);
    })
    .meta({
      description:
        'An on-premises object. Give `sourceAnchor`, or `objectGuid` (the anchor is then derived from it ' +
        'as Entra Connect does), not both. A User needs a `userPrincipalName`; a Group or Contact has none. ' +
        'At most one primary `SMTP:` address. PUT replaces the whole object.',
    }),
);

export type SourceObjectInput = z.infer<typeof sourceObjectInput>;

export const MAX_OBJECTS_PER_CALL = 1000;

export const sourceObjectsBody = z.strictObject({
  objects: z
    .array(sourceObjectInput)
    .min(1)
    .max(MAX_OBJECTS_PER_CALL)
    .meta({ description: 'Upserted by anchor; two objects with one anchor are refused.' }),
});

export const MAX_DIRECTORY_ROLES = 100;

/** Role template ids: GUIDs, lower-cased, each at most once. */
export const directoryRoleTemplateIdsSchema = z
  .array(z.guid().transform((id) => id.toLowerCase()))
  .max(MAX_DIRECTORY_ROLES)
  .default([])
  .superRefine((ids, ctx) => {
    const seen = new Set<string>();
    ids.forEach((id, index) => {
      if (seen.has(id)) ctx.addIssue({ code: 'custom', path: [index], message: 'a role is given twice' });
      seen.add(id);
    });
  })
  .meta({
    description:
      'The directory roles the object holds, by role template id (e.g. Global Administrator ' +
      '`62e90394-69f5-4237-9190-012177145e10`), each once; stored lower-cased. Every directory role is ' +
      'an admin role. Only a User holds roles. Cloud-only: a sync cycle never changes them.',
  });

export const cloudObjectInput = inputFor<
  CloudObject,
  | keyof DirectoryAttributes
  | 'objectId'
  | 'sourceAnchor'
  | 'dirSyncEnabled'
  | 'deletedDateTime'
  | 'directoryRoleTemplateIds'
>()(
  z
    .strictObject({
      objectId: objectIdSchema,
      sourceAnchor: sourceAnchorSchema.nullish(),
      dirSyncEnabled: z.boolean().optional(),
      deletedDateTime: z.iso.datetime({ offset: true }).nullish(),
      ...attributes,
      directoryRoleTemplateIds: directoryRoleTemplateIdsSchema,
    })
    .superRefine((value, ctx) => {
      checkAttributes(value, ctx);
      if (value.objectType !== 'User' && value.directoryRoleTemplateIds.length > 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['directoryRoleTemplateIds'],
          message: `a ${value.objectType} holds no directory roles: only a User does`,
        });
      }
    })
    .meta({
      description:
        'An existing cloud object (cloud-only, or synced before), with the objectId Entra gave it. A User ' +
        'needs a `userPrincipalName`; a Group or Contact has none. At most one primary `SMTP:` address. ' +
        'Only a User holds `directoryRoleTemplateIds` (default none). PUT replaces the whole object.',
    }),
);

export type CloudObjectInput = z.infer<typeof cloudObjectInput>;

export const cloudObjectsBody = z.strictObject({
  objects: z
    .array(cloudObjectInput)
    .min(1)
    .max(MAX_OBJECTS_PER_CALL)
    .meta({ description: 'Upserted by objectId; a source anchor another cloud object holds is refused.' }),
});
