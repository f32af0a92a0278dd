// @ts-check
// "Load demo data" (dev mode): the seed's two scenarios, loaded through the public API as
// `npm run demo` does, from the same payloads (demo-scenarios.json).

/** @import { CloudObjectInput, SourceObjectInput } from './apiTypes.js' */
/** @import { Api, Progress } from './types.js' */

/**
 * The seed's payloads, as the API takes them.
 * @type {{
 *   common: { johnson: SourceObjectInput, jackson: SourceObjectInput },
 *   orphaned: { existingCloud: CloudObjectInput, recreatedSource: SourceObjectInput },
 *   initialDomain: string,
 * }}
 */
const scenarios = await (await fetch(new URL('./demo-scenarios.json', import.meta.url))).json();

/** Common scenario: Joe Johnson and Joe Jackson both exist on-premises with UPN Joe.J@contoso.com. */
export const DEMO_COMMON = scenarios.common;
/** Orphaned object scenario: Joe Johnson's old cloud object, and Joe Johnson recreated with a new anchor. */
export const DEMO_ORPHANED = scenarios.orphaned;
export const DEMO_INITIAL_DOMAIN = scenarios.initialDomain;

/**
 * Sets the initial domain, imports the orphaned scenario's old cloud object, upserts the three source
 * objects (in source creation order) and runs one sync cycle, followed until it has run (queued,
 * running). Returns the cycle's summary. `progress(text)` is told each step.
 * @param {Api} api
 * @param {Progress} [progress]
 */
export async function loadDemo(api, progress = () => undefined) {
  progress('Setting the initial domain…');
  await api.patchSettings({ initialDomain: DEMO_INITIAL_DOMAIN });
  progress('Importing the existing cloud object…');
  await api.putCloudObjects([DEMO_ORPHANED.existingCloud]);
  progress('Writing the on-premises objects…');
  await api.putSourceObjects([DEMO_COMMON.johnson, DEMO_COMMON.jackson, DEMO_ORPHANED.recreatedSource]);
  progress('Requesting a sync cycle…');
  return api.runSyncCycle(progress);
}
