import { MAX_OBJECTS_PER_CALL } from '../shared/contract/directorySchemas';
import type { SourceObjectPayload } from './mapping';

/**
 * The service takes at most 1,000 objects a PUT and reads at most 1 MiB of a body: a batch is
 * closed at whichever comes first, with room left for the envelope.
 */
export const MAX_BATCH_BYTES = 900 * 1024;

export class BatchBuilder {
  private objects: SourceObjectPayload[] = [];
  private bytes = 0;

  constructor(
    private readonly maxObjects: number = MAX_OBJECTS_PER_CALL,
    private readonly maxBytes: number = MAX_BATCH_BYTES,
  ) {}

  /** Adds an object; answers the batch to send when this one did not fit in it (or filled it). */
  add(object: SourceObjectPayload): SourceObjectPayload[] | null {
    const size = Buffer.byteLength(JSON.stringify(object)) + 1;
    let full: SourceObjectPayload[] | null = null;
    if (this.objects.length > 0 && this.bytes + size > this.maxBytes) full = this.take();
    this.objects.push(object);
    this.bytes += size;
    if (full === null && this.objects.length >= this.maxObjects) full = this.take();
    return full;
  }

  /** The batch still open (maybe empty). */
  take(): SourceObjectPayload[] {
    const batch = this.objects;
    this.objects = [];
    this.bytes = 0;
    return batch;
  }
}
