import { readFileSync } from 'node:fs';
import { PORTAL_TYPES_FILE, portalTypes } from '../../scripts/portalTypes';

/**
 * The portal's types (portal/apiTypes.d.ts) are generated from the OpenAPI document and committed,
 * because the portal has no build. A contract change must regenerate them, so that the portal's
 * type-check sees it: this fails while the committed copy is stale.
 */
describe('portal/apiTypes.d.ts', () => {
  it('is what `npm run portal:types` makes from the contract now', () => {
    const committed = readFileSync(PORTAL_TYPES_FILE, 'utf8');
    const generated = portalTypes();
    // A plain equality on 1,600 lines would print both files; the first differing line says enough.
    const a = committed.split('\n');
    const b = generated.split('\n');
    const line = a.findIndex((text, i) => text !== b[i]);
    const first = line === -1 && a.length !== b.length ? Math.min(a.length, b.length) : line;
    expect(
      first === -1
        ? 'up to date'
        : `stale from line ${first + 1}: committed ${JSON.stringify(a[first])}, generated ${JSON.stringify(b[first])}. Run npm run portal:types.`,
    ).toBe('up to date');
  });
});
