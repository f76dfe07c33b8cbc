/**
 * The `-report` file (workload.xml / `-f HTML`). tracerpt's own report layout
 * is undocumented, so this one is ours (the README says so): the input files
 * with their lost-event counts, the time span, events per provider, per event
 * type and per process (the top 10 × `-rl` processes and, at level 1, the top
 * 25 event types; all of them from level 3 on), and Docker lines per container
 * when present. Counts from header fields only; names are looked up once per
 * event type.
 */
import type { EtlFileInfo } from '../etl/reader.js';
import type { EtlRecord } from '../etl/record.js';
import type { DecodedPayload } from '../schema/types.js';
import { eventNames } from './event-names.js';
import { DockerCounts } from './docker-counts.js';
import { EventCounts } from './event-counts.js';
import type { OutputFile } from './output-file.js';
import type { DecodedEvent, EventSink, SinkContext } from './sink.js';
import { traceSpan } from './summary.js';
import { xmlAttr, xmlText } from './xml-text.js';
import type { LocalTime } from './local-time.js';
import type { FilterNote } from './summary.js';
import { systemTime } from './system-time.js';

export interface WorkloadFacts {
  files: EtlFileInfo[];
  counts: EventCounts;
  docker: DockerCounts;
  providerNames: Map<string | null, string>;
  processes: Map<number, number>;
  level: number;
  /** Start and end in this zone with its exact offset (--time local / --tz); absent or null: UTC. */
  localTime?: LocalTime | null;
  /** The run's filter, when one was given: its description and the events it dropped go into the totals. */
  filter?: FilterNote | null;
}

interface Table {
  title: string;
  element: string;
  /** The XML element wrapping the rows. */
  wrapper: string;
  columns: string[];
  rows: Array<Array<string | number>>;
}

/** The report's content, independent of XML or HTML. */
export function workloadTables(f: WorkloadFacts): { totals: Array<[string, string | number]>; tables: Table[] } {
  const { start, end } = traceSpan(f.files, f.counts);
  const eventsLost = f.files.reduce((n, x) => n + x.header.eventsLost, 0);
  const buffersLost = f.files.reduce((n, x) => n + x.header.buffersLost, 0);
  const form = f.localTime ? { local: f.localTime, style: 'iso' as const } : null;
  const totals: Array<[string, string | number]> = [
    ['events', f.counts.total],
    ['start', start === null ? '' : systemTime(start, form)],
    ['end', end === null ? '' : systemTime(end, form)],
    ['elapsedSeconds', start !== null && end !== null && end > start ? Number(end - start) / 1e7 : 0],
    ['eventsLost', eventsLost],
    ['buffersLost', buffersLost],
    ['providers', f.counts.providers().length],
    ['processes', f.processes.size],
  ];
  if (f.filter) totals.push(['filter', f.filter.description], ['eventsFilteredOut', f.filter.dropped()]);
  const guid = (g: string | null) => (g === null ? '' : `{${g}}`);
  const tables: Table[] = [];
  tables.push({
    title: 'Files', element: 'File', wrapper: 'Files',
    columns: ['path', 'bytes', 'buffers', 'session', 'processors', 'pointerSize', 'eventsLost', 'buffersLost'],
    rows: f.files.map((x) => [x.path, x.size, x.buffers, x.header.loggerName, x.header.numberOfProcessors, x.header.pointerSize, x.header.eventsLost, x.header.buffersLost]),
  });
  tables.push({
    title: 'Providers', element: 'Provider', wrapper: 'Providers',
    columns: ['guid', 'name', 'events', 'eventTypes'],
    rows: f.counts.providers().map((p) => [guid(p.providerId), f.providerNames.get(p.providerId) ?? '', p.count, p.types]),
  });
  const types = f.counts.rows().sort((a, b) => b.count - a.count);
  const typeLimit = f.level >= 3 ? types.length : f.level === 2 ? 100 : 25;
  tables.push({
    title: 'Event types', element: 'EventType', wrapper: 'EventTypes',
    columns: ['guid', 'id', 'version', 'opcode', 'name', 'events'],
    rows: types.slice(0, typeLimit).map((t) => [guid(t.providerId), t.id, t.version, t.firstOpcode, t.name, t.count]),
  });
  const procs = [...f.processes.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, 10 * f.level);
  tables.push({
    title: 'Top processes', element: 'Process', wrapper: 'TopProcesses',
    columns: ['pid', 'events'],
    rows: procs.map(([pid, n]) => [pid === 0xffffffff ? 'none' : pid, n]),
  });
  if (f.docker.events > 0) {
    tables.push({
      title: 'Docker lines', element: 'Container', wrapper: 'DockerLines',
      columns: ['container', 'image', 'source', 'lines'],
      rows: [...f.docker.rows().map((r) => [r.container, r.image, r.source, r.lines]), ...(f.docker.unparsed > 0 ? [['(not in the Docker format)', '', '', f.docker.unparsed]] : [])],
    });
  }
  return { totals, tables };
}

export function workloadXml(f: WorkloadFacts): string {
  const { totals, tables } = workloadTables(f);
  let s = '<?xml version="1.0" encoding="UTF-8"?>\n<TraceReport generator="etwkit" layout="etwkit-1">\n';
  s += '\t<Totals' + totals.map(([k, v]) => ` ${k}="${xmlAttr(String(v))}"`).join('') + ' />\n';
  for (const t of tables) {
    const wrapper = t.wrapper;
    s += `\t<${wrapper}>\n`;
    for (const row of t.rows) s += `\t\t<${t.element}` + t.columns.map((c, i) => ` ${c}="${xmlAttr(String(row[i]))}"`).join('') + ' />\n';
    s += `\t</${wrapper}>\n`;
  }
  return s + '</TraceReport>\n';
}

export function workloadHtml(f: WorkloadFacts): string {
  const { totals, tables } = workloadTables(f);
  let s = '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8" />\n<title>etwkit trace report</title>\n'
    + '<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:2em}'
    + 'th,td{border:1px solid #bbb;padding:2px 8px;text-align:left}td.n{text-align:right}</style>\n</head>\n<body>\n'
    + '<h1>Trace report</h1>\n<table>\n';
  for (const [k, v] of totals) s += `<tr><th>${xmlText(k)}</th><td>${xmlText(String(v))}</td></tr>\n`;
  s += '</table>\n';
  for (const t of tables) {
    s += `<h2>${xmlText(t.title)}</h2>\n<table>\n<tr>` + t.columns.map((c) => `<th>${xmlText(c)}</th>`).join('') + '</tr>\n';
    for (const row of t.rows) s += '<tr>' + row.map((v) => (typeof v === 'number' ? `<td class="n">${v}</td>` : `<td>${xmlText(v)}</td>`)).join('') + '</tr>\n';
    s += '</table>\n';
  }
  return s + '</body>\n</html>\n';
}

export class WorkloadReportSink implements EventSink {
  readonly needsPayload = false;
  private files: EtlFileInfo[] = [];
  private readonly counts: EventCounts;
  private readonly docker = new DockerCounts();
  private readonly providerNames = new Map<string | null, string>();
  private readonly processes = new Map<number, number>();

  /** `describe` decodes the first event of each type (for its names); `options`: the zone of the times and the run's filter. */
  constructor(private readonly out: OutputFile, private readonly format: 'XML' | 'HTML', private readonly level: number, describe: (r: EtlRecord) => DecodedPayload,
    private readonly options: { localTime?: LocalTime | null; filter?: FilterNote | null } = {}) {
    this.counts = new EventCounts((r) => {
      const names = eventNames(describe(r));
      if (names.providerName && !this.providerNames.has(r.providerId)) this.providerNames.set(r.providerId, names.providerName);
      return names.eventName ?? '';
    });
  }

  begin(ctx: SinkContext): void {
    this.files = ctx.files;
  }

  write(ev: DecodedEvent): void {
    const r = ev.record;
    this.counts.add(r);
    this.docker.add(r);
    this.processes.set(r.pid >>> 0, (this.processes.get(r.pid >>> 0) ?? 0) + 1);
  }

  end(): void {
    const facts = { files: this.files, counts: this.counts, docker: this.docker, providerNames: this.providerNames, processes: this.processes, level: this.level, ...this.options };
    this.out.write(this.format === 'HTML' ? workloadHtml(facts) : workloadXml(facts));
    this.out.commit();
  }
}
