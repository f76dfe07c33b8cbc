/**
 * Every corpus file against the oracle (dissect.etl's reading, corpus/oracle):
 * record counts, log-file header facts, the first records, time order.
 */
import { describe, expect, it } from 'vitest';
import { EtlReader } from '../../src/etw/etl/reader.js';
import { copyRecord, type EtlRecord } from '../../src/etw/etl/record.js';
import { corpusStems, etlPath, haveCorpus, oracle } from '../support/corpus.js';

const KIND: Record<string, EtlRecord['kind']> = {
  SYSTEM64: 'system', SYSTEM32: 'system', PERFINFO64: 'perfinfo', PERFINFO32: 'perfinfo',
  EVENT_HEADER64: 'event', EVENT_HEADER32: 'event', FULL_HEADER64: 'trace', FULL_HEADER32: 'trace',
  INSTANCE64: 'instance', INSTANCE32: 'instance', MESSAGE: 'wpp', COMPACT64: 'compact', COMPACT32: 'compact',
};

function readAll(stem: string) {
  const reader = EtlReader.open([etlPath(stem)]);
  const records: EtlRecord[] = [];
  for (const r of reader.records()) records.push(copyRecord(r));
  reader.close();
  return { reader, records };
}

describe.skipIf(!haveCorpus)('corpus files against the oracle', () => {
  for (const stem of corpusStems()) {
    describe(stem, () => {
      const o = oracle(stem);
      const { reader, records } = readAll(stem);

      it('reads every record without a warning', () => {
        expect(reader.warnings).toEqual([]);
        expect(records.length).toBe(o.records_total);
      });

      it('reads the log-file header as the oracle does', () => {
        const h = reader.files[0]!.header;
        const oh = o.logfile_header;
        expect(h.bufferSize).toBe(oh.BufferSize);
        expect(h.version).toBe(oh.Version);
        expect(h.versionDotted).toBe(oh.Version_dotted);
        expect(h.providerVersion).toBe(oh.ProviderVersion);
        expect(h.numberOfProcessors).toBe(oh.NumberOfProcessors);
        expect(h.pointerSize).toBe(oh.PointerSize);
        expect(h.eventsLost).toBe(oh.EventsLost);
        expect(h.buffersLost).toBe(oh.BuffersLost);
        expect(h.buffersWritten).toBe(oh.BuffersWritten);
        expect(h.startBuffers).toBe(oh.StartBuffers);
        expect(h.maximumFileSize).toBe(oh.MaximumFileSize);
        expect(h.logFileMode).toBe(oh.LogFileMode);
        expect(h.timerResolution).toBe(oh.TimerResolution);
        expect(h.cpuSpeedInMHz).toBe(oh.CpuSpeedInMHz);
        expect(h.perfFreq).toBe(BigInt(oh.PerfFreq));
        expect(h.bootTime).toBe(BigInt(oh.BootTime));
        expect(h.startTime).toBe(BigInt(oh.StartTime));
        expect(h.endTime).toBe(BigInt(oh.EndTime));
        expect(h.reservedFlags).toBe(oh.ReservedFlags);
        expect(h.timeZone.bias).toBe(oh.TimeZone_Bias_minutes);
        expect(h.timeZone.standardName).toBe(oh.TimeZone_StandardName);
        expect(h.loggerName).toBe(oh.LoggerName);
        expect(h.logFileName).toBe(oh.LogFileName);
        expect(reader.files[0]!.anchorRaw).toBe(BigInt(oh.logfile_header_record_raw_timestamp));
      });

      it('finds every one of the oracle\'s first records, with the same time, ids and provider', () => {
        for (const fr of o.first_records) {
          const kind = KIND[fr.kind];
          const raw = BigInt(fr.raw_timestamp);
          const match = records.find((r) =>
            r.rawTime === raw && r.kind === kind && r.size === fr.size &&
            (fr.pid === null || r.pid === fr.pid) && (fr.tid === null || r.tid === fr.tid) &&
            (kind === 'event' ? r.id === fr.id && r.version === fr.version && r.opcode === fr.opcode :
              kind === 'wpp' ? r.id === fr.msgnum : r.opcode === fr.type) &&
            (kind === 'system' || kind === 'perfinfo' || kind === 'compact' ? r.hookId === parseInt(fr.hook_id, 16) : true) &&
            (fr.guid ? r.providerId === fr.guid : true),
          );
          expect(match, `oracle record ${fr.i} (${fr.kind} raw ${fr.raw_timestamp})`).toBeDefined();
          // dissect converts with float arithmetic: allow its one-tick truncation difference.
          const diff = match!.fileTime - BigInt(fr.filetime);
          expect(diff >= -1n && diff <= 1n, `time of oracle record ${fr.i}: ours ${match!.fileTime}, oracle ${fr.filetime}`).toBe(true);
          if (kind === 'perfinfo') expect(match!.pid).toBe(0xffffffff);
          expect(match!.cpu).toBe(fr.processor);
        }
      });

      it('delivers records in time order', () => {
        for (let i = 1; i < records.length; i++) {
          if (records[i]!.fileTime < records[i - 1]!.fileTime) {
            throw new Error(`record ${i} goes back in time`);
          }
        }
        expect(records[0]!.fileTime).toBe(BigInt(o.logfile_header.StartTime));
        expect(records.at(-1)!.fileTime - BigInt(o.order_note.max_filetime) <= 1n).toBe(true);
      });

      it('counts the same header kinds as the oracle', () => {
        const counts: Record<string, number> = {};
        for (const r of records) counts[r.kind] = (counts[r.kind] ?? 0) + 1;
        const expected: Record<string, number> = {};
        for (const [k, n] of Object.entries(o.header_kinds as Record<string, number>)) {
          const kind = KIND[k]!;
          expected[kind] = (expected[kind] ?? 0) + n;
        }
        expect(counts).toEqual(expected);
      });
    });
  }
});
