/**
 * The compact Docker table of `--docker` (CSV or JSONL): one row per Docker
 * etwlogs event with the columns TimeCreated, the six message fields,
 * ProcessID and ThreadID. A Docker string that is not in the driver's format
 * keeps its whole text in `log` with the other fields empty (CSV) or null
 * (JSONL) — never dropped. Expects only Docker events (see FilteredSink).
 */
import type { EtlRecord } from '../etl/record.js';
import { DOCKER_FIELDS, parseDockerMessage } from '../schema/docker-message.js';
import { stringOnlyText } from '../schema/string-only.js';
import { csvCell, csvRow } from './csv-cells.js';
import type { OutputFile } from './output-file.js';
import type { DecodedEvent, EventSink, SinkContext } from './sink.js';
import type { LocalTime } from './local-time.js';
import { systemTime, type LocalTimeForm } from './system-time.js';

export const DOCKER_TABLE_COLUMNS = ['TimeCreated', ...DOCKER_FIELDS, 'ProcessID', 'ThreadID'] as const;

type Cells = Record<(typeof DOCKER_TABLE_COLUMNS)[number], string | number | null>;

/** The table cells of one Docker event; TimeCreated in UTC, or in `form`'s zone. */
export function dockerCells(r: EtlRecord, message: string | null, form: LocalTimeForm | null = null): Cells {
  const text = message ?? stringOnlyText(r);
  const m = parseDockerMessage(text);
  return {
    TimeCreated: systemTime(r.fileTime, form),
    container_name: m?.container_name ?? null,
    image_name: m?.image_name ?? null,
    container_id: m?.container_id ?? null,
    image_id: m?.image_id ?? null,
    source: m?.source ?? null,
    log: m === null ? text : m.log,
    ProcessID: r.pid >>> 0,
    ThreadID: r.tid >>> 0,
  };
}

export class DockerTableSink implements EventSink {
  readonly needsPayload = true;
  private readonly form: LocalTimeForm | null;
  /** localTime: TimeCreated as that zone's wall clock with its exact offset (--time local / --tz); null writes UTC. */
  constructor(private readonly out: OutputFile, private readonly format: 'CSV' | 'JSONL', localTime: LocalTime | null = null) {
    this.form = localTime === null ? null : { local: localTime, style: 'iso' };
  }

  begin(_ctx: SinkContext): void {
    if (this.format === 'CSV') this.out.write(csvRow([...DOCKER_TABLE_COLUMNS]) + '\r\n');
  }

  write(ev: DecodedEvent): void {
    const cells = dockerCells(ev.record, ev.decoded?.message ?? null, this.form);
    if (this.format === 'JSONL') {
      this.out.write(JSON.stringify(cells) + '\n');
      return;
    }
    let row = '';
    for (const name of DOCKER_TABLE_COLUMNS) {
      const v = cells[name];
      row += (row === '' && name === 'TimeCreated' ? '' : ',') + (v === null ? '' : csvCell(String(v)));
    }
    this.out.write(row + '\r\n');
  }

  end(): void {
    this.out.commit();
  }
}
