import { z } from 'zod';
import { describes } from '../describes';
import { OBJECT_TYPES, type DirectoryAttributes } from '../directory/model';

/**
 * The attributes a source object and a cloud object share (`DirectoryAttributes`), as their records
 * hold them: null where the object has none. Spread into both record schemas.
 */
export const directoryAttributesShape = {
  objectType: z.enum(OBJECT_TYPES),
  userPrincipalName: z.string().nullable(),
  mailNickname: z.string().nullable(),
  displayName: z.string().nullable(),
  proxyAddresses: z.array(z.string()),
  sipProxyAddress: z.string().nullable(),
  onPremisesSecurityIdentifier: z.string().nullable(),
};

describes<DirectoryAttributes>()(z.object(directoryAttributesShape));
