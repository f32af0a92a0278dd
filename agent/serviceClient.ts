import { AgentStop } from './errors';
import { fetchWithRetry, type RetryDeps } from './httpRetry';
import type { SourceObjectPayload } from './mapping';
import type { TokenSource } from './tokenSource';

/** What the service holds of a source object: the part of its view the agent reads. */
export interface ServiceSourceObject {
  sourceAnchor: string;
  distinguishedName: string | null;
  deleted: boolean;
}

export interface ObjectRefusal {
  sourceAnchor: string;
  dn: string;
  reason: string;
}

export type DeleteOutcome = { kind: 'deleted' } | { kind: 'absent' } | { kind: 'refused'; reason: string };

/**
 * The service's source-object API as the agent uses it, over HTTP with retries. PUT and DELETE are
 * idempotent by nature (the API takes Idempotency-Key on POSTs only), so a retried request after a
 * lost answer is harmless. A 400 on a batch is split in halves until the objects the service
 * refuses are alone, so that one refused object never keeps the 999 others out.
 */
export class ServiceClient {
  constructor(
    private readonly baseUrl: string,
    private readonly tokens: TokenSource,
    private readonly retry: RetryDeps,
  ) {}

  /** One authorized request; a 401 gets one fresh token, a 403 stops the run. */
  private async request(method: string, path: string, body?: unknown): Promise<Response> {
    const what = `${method} ${path.split('?')[0] ?? path}`;
    let fresh = false;
    for (;;) {
      const token = await this.tokens.get();
      const response = await fetchWithRetry(
        what,
        (signal) =>
          fetch(`${this.baseUrl}${path}`, {
            method,
            headers: {
              authorization: `Bearer ${token}`,
              ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            },
            body: body === undefined ? null : JSON.stringify(body),
            signal,
          }),
        this.retry,
      );
      if (response.status === 401 && !fresh) {
        await response.text();
        await this.tokens.refresh();
        fresh = true;
        continue;
      }
      if (response.status === 401 || response.status === 403) {
        const detail = await problemText(response);
        throw new AgentStop(
          `${what} was refused (${response.status}${detail}): the token needs the SyncAgent role`,
        );
      }
      return response;
    }
  }

  /** Upserts the objects; those the service refuses come back with its reason. */
  async putObjects(objects: readonly SourceObjectPayload[]): Promise<ObjectRefusal[]> {
    if (objects.length === 0) return [];
    const response = await this.request('PUT', '/api/source-objects', { objects });
    if (response.ok) {
      await response.text();
      return [];
    }
    const detail = await problemText(response);
    if ((response.status === 400 || response.status === 413) && objects.length > 1) {
      const half = Math.ceil(objects.length / 2);
      return [
        ...(await this.putObjects(objects.slice(0, half))),
        ...(await this.putObjects(objects.slice(half))),
      ];
    }
    return objects.map((o) => ({
      sourceAnchor: o.sourceAnchor,
      dn: o.distinguishedName,
      reason: `the service answered ${response.status}${detail}`,
    }));
  }

  async deleteObject(anchor: string): Promise<DeleteOutcome> {
    const response = await this.request('DELETE', `/api/source-objects/${encodeURIComponent(anchor)}`);
    if (response.ok) {
      await response.text();
      return { kind: 'deleted' };
    }
    const detail = await problemText(response);
    if (response.status === 404) return { kind: 'absent' };
    return { kind: 'refused', reason: `the service answered ${response.status}${detail}` };
  }

  /** The service's copy, or null when it has none. */
  async getObject(anchor: string): Promise<ServiceSourceObject | null> {
    const response = await this.request('GET', `/api/source-objects/${encodeURIComponent(anchor)}`);
    if (response.status === 404) {
      await response.text();
      return null;
    }
    if (!response.ok)
      throw new AgentStop(
        `GET /api/source-objects/… answered ${response.status}${await problemText(response)}`,
      );
    return (await response.json()) as ServiceSourceObject;
  }

  /** Every source object of the tenant, page by page. */
  async *listObjects(): AsyncGenerator<ServiceSourceObject> {
    let continuation: string | null = null;
    do {
      const query = new URLSearchParams({ top: '999' });
      if (continuation !== null) query.set('continuationToken', continuation);
      const response = await this.request('GET', `/api/source-objects?${query.toString()}`);
      if (!response.ok)
        throw new AgentStop(
          `GET /api/source-objects answered ${response.status}${await problemText(response)}`,
        );
      const page = (await response.json()) as {
        value: ServiceSourceObject[];
        continuationToken: string | null;
      };
      yield* page.value;
      continuation = page.continuationToken;
    } while (continuation !== null);
  }
}

/** ": code: detail" from a problem+json body, for messages. */
async function problemText(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const problem = JSON.parse(text) as { code?: unknown; detail?: unknown };
    const parts = [problem.code, problem.detail].filter((p): p is string => typeof p === 'string');
    return parts.length > 0 ? `: ${parts.join(': ')}` : '';
  } catch {
    return '';
  }
}
