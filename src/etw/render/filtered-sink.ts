/**
 * A sink that passes on only the events a predicate accepts (the pipeline also
 * asks `accepts` first, so rejected events are not decoded) (e.g. only Docker
 * events for `--docker`); begin/end pass through unchanged.
 */
import type { EtlRecord } from '../etl/record.js';
import type { DecodedEvent, EventSink, SinkContext } from './sink.js';

export class FilteredSink implements EventSink {
  readonly needsPayload: boolean;
  constructor(private readonly accept: (r: EtlRecord) => boolean, private readonly inner: EventSink) {
    this.needsPayload = inner.needsPayload;
  }

  begin(ctx: SinkContext): void {
    this.inner.begin(ctx);
  }

  accepts(r: EtlRecord): boolean {
    return this.accept(r);
  }

  write(ev: DecodedEvent): void {
    if (this.accept(ev.record)) this.inner.write(ev);
  }

  end(): void | Promise<void> {
    return this.inner.end();
  }
}
