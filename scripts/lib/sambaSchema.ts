import { Attribute, Change, Client } from 'ldapts';

export interface SchemaConnection {
  url: string;
  baseDn: string;
  adminDn: string;
  adminPassword: string;
}

/**
 * The attributes the agent reads that Samba's base schema lacks, as their products' schema
 * extensions define them: Lync/Skype for Business's SIP address and Exchange's mail nickname.
 * Samba's base schema uses neither OID.
 */
const MISSING_ATTRIBUTES = [
  {
    cn: 'ms-RTC-SIP-PrimaryUserAddress',
    lDAPDisplayName: 'msRTCSIP-PrimaryUserAddress',
    attributeID: '1.2.840.113556.1.6.24.1.1',
    // Unicode string, single-valued, indexed, up to 454 characters.
    attributeSyntax: '2.5.5.12',
    oMSyntax: '64',
    isSingleValued: 'TRUE',
    searchFlags: '1',
    rangeUpper: '454',
  },
  {
    cn: 'ms-Exch-Mail-Nickname',
    lDAPDisplayName: 'mailNickname',
    attributeID: '1.2.840.113556.1.2.447',
    attributeSyntax: '2.5.5.12',
    oMSyntax: '64',
    isSingleValued: 'TRUE',
    searchFlags: '1',
    rangeUpper: '64',
  },
] as const;

/** Asks the DC to reload its schema now, so the next change can use what was just added. */
async function schemaUpdateNow(client: Client): Promise<void> {
  await client.modify(
    '',
    new Change({ operation: 'add', modification: new Attribute({ type: 'schemaUpdateNow', values: ['1'] }) }),
  );
}

/**
 * Adds msRTCSIP-PrimaryUserAddress and mailNickname to the schema and to the mail-Recipient
 * auxiliary class, which users, contacts and groups all include (where Exchange and Lync put them
 * on real AD), so the agent's mapping of both can be tested against the directory.
 * Needs `dsdb:schema update allowed = true` in smb.conf.
 */
export async function extendSchemaForAgent(connection: SchemaConnection): Promise<void> {
  const schemaDn = `CN=Schema,CN=Configuration,${connection.baseDn}`;
  const client = new Client({ url: connection.url, timeout: 30_000 });
  try {
    await client.bind(connection.adminDn, connection.adminPassword);
    for (const attribute of MISSING_ATTRIBUTES) {
      await client.add(`CN=${attribute.cn},${schemaDn}`, {
        objectClass: ['top', 'attributeSchema'],
        ...attribute,
        showInAdvancedViewOnly: 'TRUE',
      });
    }
    // The class change may only name attributes the loaded schema already knows.
    await schemaUpdateNow(client);
    await client.modify(
      `CN=Mail-Recipient,${schemaDn}`,
      new Change({
        operation: 'add',
        modification: new Attribute({
          type: 'mayContain',
          values: MISSING_ATTRIBUTES.map((a) => a.lDAPDisplayName),
        }),
      }),
    );
    await schemaUpdateNow(client);
  } finally {
    await client.unbind().catch(() => undefined);
  }
}
