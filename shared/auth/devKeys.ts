import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GLOBAL_ADMIN_TEMPLATE_ID, type Role } from './principal';

/**
 * The local signing key of AUTH_MODE=dev: an RSA key pair made on first use and kept in a
 * git-ignored folder, so tokens printed by `npm run token` stay valid across restarts.
 */
export interface DevKeyPair {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

const FILE = 'signing-key.json';

export async function loadOrCreateDevKey(dir: string): Promise<DevKeyPair> {
  const file = path.join(dir, FILE);
  try {
    return JSON.parse(await readFile(file, 'utf8')) as DevKeyPair;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = `dev-${Date.now().toString(36)}`;
  const pair: DevKeyPair = {
    kid,
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'RS256' },
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' },
  };
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // 'wx' so that two processes starting at once never overwrite each other's key.
  try {
    await writeFile(file, JSON.stringify(pair), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateDevKey(dir);
    throw error;
  }
  return pair;
}

export type DevRole = Role | 'None';

export interface DevTokenRequest {
  tenantId: string;
  role: DevRole;
  audience: string;
  oid?: string;
  name?: string;
  lifetimeSeconds?: number;
}

/** Claims shaped like Entra's v2 access tokens, so one verifier serves both modes. */
export async function signDevToken(key: DevKeyPair, request: DevTokenRequest): Promise<string> {
  const privateKey = await importJWK(key.privateJwk, 'RS256');
  const claims: Record<string, unknown> = {
    tid: request.tenantId,
    oid: request.oid ?? '00000000-0000-4000-8000-000000000001',
    name: request.name ?? `Dev ${request.role}`,
  };
  if (request.role === 'GlobalAdministrator') claims.wids = [GLOBAL_ADMIN_TEMPLATE_ID];
  if (request.role === 'Contributor' || request.role === 'SyncAgent') claims.roles = [request.role];
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
    .setIssuer(`https://login.microsoftonline.com/${request.tenantId}/v2.0`)
    .setAudience(request.audience)
    .setSubject(claims.oid as string)
    .setIssuedAt()
    .setNotBefore('0s')
    .setExpirationTime(`${request.lifetimeSeconds ?? 3600}s`)
    .sign(privateKey);
}
