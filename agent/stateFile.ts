import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { normalizeDn } from './dnScope';
import { SOURCE_ANCHOR_MODES } from './mapping';

/**
 * The agent's only state: how far it read, and for what. USNs are per domain controller (and
 * restart from an older value when a DC is restored from backup, which gives it a new
 * invocationId), so a saved USN means something only for the same DC, the same scope, and the
 * same service and tenant; anything else is a full run. Losing the file costs one full run.
 */
export const STATE_VERSION = 1;

/** What the saved USN is about: a state file that differs in any of these means a full run. */
export interface RunIdentity {
  /** rootDSE dsServiceName: the DC's NTDS Settings object. */
  dsServiceName: string;
  /** That object's invocationId: it changes when the DC's database is restored. */
  invocationId: string | null;
  /** Sorted and normalized, so that the order and spelling on the command line do not matter. */
  baseDns: string[];
  sourceAnchor: (typeof SOURCE_ANCHOR_MODES)[number];
  serviceUrl: string;
  tenantId: string;
}

const stateSchema = z.object({
  version: z.literal(STATE_VERSION),
  identity: z.object({
    dsServiceName: z.string(),
    invocationId: z.string().nullable(),
    baseDns: z.array(z.string()),
    sourceAnchor: z.enum(SOURCE_ANCHOR_MODES),
    serviceUrl: z.string(),
    tenantId: z.string(),
  }),
  ldapUrl: z.string(),
  highestCommittedUSN: z.string().regex(/^\d+$/),
  /**
   * objectGUID anchor → the anchor the object was sent with, only where they differ (an
   * mS-DS-ConsistencyGuid that is not the objectGUID): a tombstone may have lost its consistency
   * GUID, and its delete must name the anchor the service knows.
   */
  knownAnchors: z.record(z.string(), z.string()),
  savedAt: z.string(),
});
export type AgentState = z.infer<typeof stateSchema>;

export type LoadedState =
  { kind: 'missing' } | { kind: 'unreadable'; reason: string } | { kind: 'ok'; state: AgentState };

export async function loadState(file: string): Promise<LoadedState> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'unreadable', reason: (error as Error).message };
  }
  try {
    const parsed = stateSchema.safeParse(JSON.parse(text));
    if (!parsed.success)
      return { kind: 'unreadable', reason: 'it is not a state file of this agent version' };
    return { kind: 'ok', state: parsed.data };
  } catch {
    return { kind: 'unreadable', reason: 'it is not JSON' };
  }
}

/** Written to a temporary file beside it and renamed over it: a crash leaves the old file or the new one. */
export async function saveState(file: string, state: AgentState): Promise<void> {
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

export function canonicalBaseDns(baseDns: readonly string[]): string[] {
  return [...new Set(baseDns.map(normalizeDn))].sort();
}

/**
 * Why this run must read everything, or null when a delta from the saved USN is sound. Pure.
 */
export function fullRunReason(
  loaded: LoadedState,
  identity: RunIdentity,
  highestCommittedUSN: bigint,
  forced: boolean,
): string | null {
  if (forced) return '--full';
  if (loaded.kind === 'missing') return 'no state file yet';
  if (loaded.kind === 'unreadable') return `the state file is unreadable (${loaded.reason})`;
  const saved = loaded.state.identity;
  if (saved.dsServiceName.toLowerCase() !== identity.dsServiceName.toLowerCase()) {
    return `the state file is from another domain controller (${saved.dsServiceName}); USNs are per DC`;
  }
  if (saved.invocationId !== identity.invocationId) {
    return 'the domain controller has a new invocationId (restored from backup?): its USNs started over';
  }
  if (JSON.stringify(saved.baseDns) !== JSON.stringify(identity.baseDns)) {
    return 'the base DNs differ from the state file\u2019s';
  }
  if (saved.sourceAnchor !== identity.sourceAnchor)
    return 'the --source-anchor differs from the state file\u2019s';
  if (saved.serviceUrl !== identity.serviceUrl || saved.tenantId !== identity.tenantId) {
    return 'the state file is for another service or tenant';
  }
  if (BigInt(loaded.state.highestCommittedUSN) > highestCommittedUSN) {
    return 'the directory\u2019s highestCommittedUSN is below the saved one (USN rollback)';
  }
  return null;
}
