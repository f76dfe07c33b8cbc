/**
 * Handing one record to the sinks of a run, the same for every record source
 * (the .etl reader's ordered pass, a live session): records the run's filter
 * rejects reach no sink; the payload is decoded only when a sink that accepts
 * the record needs it, and then once for all sinks. A record no sink decodes is
 * still shown to the schemas carried in the trace (decoder.observe), so every
 * choice of outputs gives the same warnings about them.
 */
import type { EtlRecord } from '../etl/record.js';
import type { DecodedEvent, EventSink } from '../render/sink.js';
import type { PayloadDecoder } from '../schema/types.js';

export function recordFeeder(sinks: EventSink[], decoder: PayloadDecoder, accept: ((r: EtlRecord) => boolean) | null): (record: EtlRecord) => void {
  const filtered = sinks.some((s) => s.accepts !== undefined);
  const anyPayload = sinks.some((s) => s.needsPayload);
  return (record: EtlRecord) => {
    if (accept !== null && !accept(record)) return;
    // A new event object per record: filling one kept from the start (an old object) with each new
    // record and payload cost V8's write barrier its slow path twice per record.
    const ev: DecodedEvent = { record, decoded: null };
    if (!filtered) {
      if (anyPayload) ev.decoded = decoder.decode(record);
      else decoder.observe?.(record);
      for (const s of sinks) s.write(ev);
      return;
    }
    let decoded = false;
    for (const s of sinks) {
      if (s.accepts !== undefined && !s.accepts(record)) continue;
      if (s.needsPayload && !decoded) { ev.decoded = decoder.decode(record); decoded = true; }
      s.write(ev);
    }
    if (!decoded) decoder.observe?.(record);
  };
}
