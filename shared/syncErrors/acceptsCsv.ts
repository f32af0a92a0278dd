/**
 * Whether an Accept header asks for CSV: `text/csv` listed with a quality above zero and at least as
 * high as `application/json`'s. Wildcard ranges (what browsers and curl send by default) and a missing
 * header keep JSON, the API's default.
 */
export function acceptsCsv(accept: string | null): boolean {
  if (!accept) return false;
  let csv = 0;
  let json = 0;
  for (const range of accept.split(',')) {
    const [mediaType = '', ...parameters] = range.split(';').map((part) => part.trim().toLowerCase());
    const quality = qualityOf(parameters);
    if (mediaType === 'text/csv') csv = Math.max(csv, quality);
    else if (mediaType === 'application/json') json = Math.max(json, quality);
  }
  return csv > 0 && csv >= json;
}

/** RFC 9110 §12.4.2: `q=` from 0 to 1, 1 when absent; a malformed one is read as absent. */
function qualityOf(parameters: readonly string[]): number {
  const q = parameters.find((p) => p.startsWith('q='));
  if (q === undefined) return 1;
  const text = q.slice(2);
  const value = Number(text);
  return text !== '' && Number.isFinite(value) && value >= 0 && value <= 1 ? value : 1;
}
