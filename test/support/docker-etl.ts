/**
 * A synthetic Docker etwlogs trace, framed like a real sequential session
 * (`logman start DockerContainerLogs -p {a3693192-…} -ets`): a header buffer,
 * 4 per-CPU streams of 64 KiB buffers flushed interleaved, a 3.579545 MHz QPC
 * clock, and events spread over the CPUs so their timestamps interleave.
 * The lines cover every hard case of the message format: `, log: ` and
 * `source: stderr` inside the log, commas, colons, tabs, leading/trailing
 * spaces, non-BMP characters, XML-hostile characters, an empty log, a 16 KiB
 * line, strings not in the format, and a look-alike from another provider.
 */
import { EtlBuilder } from './etl-builder.js';

export const DOCKER_PROVIDER = 'a3693192-9ed6-46d2-a981-f8226c8363bd';
const OTHER_PROVIDER = '11111111-2222-3333-4444-555555555555';
const QPC_HZ = 3_579_545n;

export interface DockerLine {
  container_name: string;
  image_name: string;
  container_id: string;
  image_id: string;
  source: 'stdout' | 'stderr';
  log: string;
}

/** One event of the synthetic trace, in time order, and what a reader must make of it. */
export interface DockerEtlEvent {
  provider: string;
  text: string;
  /** The six fields when the text is a Docker line of the Docker provider; null otherwise. */
  fields: DockerLine | null;
  pid: number;
  tid: number;
  cpu: number;
  raw: bigint;
}

export function dockerText(l: DockerLine): string {
  return `container_name: ${l.container_name}, image_name: ${l.image_name}, container_id: ${l.container_id}, image_id: ${l.image_id}, source: ${l.source}, log: ${l.log}`;
}

const WEB: Omit<DockerLine, 'source' | 'log'> = {
  container_name: 'backstabbing_spence',
  image_name: 'windowsservercore',
  container_id: 'f14bb55aa862d7596b03a33251c1be7dbbec8056bbdead1da8ec5ecebbe29731',
  image_id: 'sha256:2f9e19bd998d3565b4f345ac9aaf6e3fc555406239a4fb1b1ba879673713824b',
};
const DB: Omit<DockerLine, 'source' | 'log'> = {
  container_name: 'db-1',
  image_name: 'mcr.microsoft.com/mssql/server:2022-latest',
  container_id: '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
  image_id: 'sha256:aaaabbbbccccddddeeeeffff00001111222233334444555566667777888899990',
};

/** The hard cases, each a Docker line. */
export const HARD_LOGS: Array<[string, DockerLine]> = [
  ['plain', { ...WEB, source: 'stdout', log: 'Hello world!' }],
  ['log contains ", log: "', { ...WEB, source: 'stdout', log: 'first, log: second, log: third' }],
  ['log contains a source label', { ...WEB, source: 'stdout', log: 'x, source: stderr, log: y' }],
  ['stderr with commas and colons', { ...DB, source: 'stderr', log: 'Error: 18456, Severity: 14, State: 38.' }],
  ['tabs and leading/trailing spaces', { ...DB, source: 'stdout', log: '  \tindented\ttext\t  ' }],
  ['non-BMP characters', { ...WEB, source: 'stdout', log: '😀 𝄞 𠜎 done' }],
  ['XML-hostile characters', { ...WEB, source: 'stderr', log: '<tag attr="v">&amp; \u0007bell\u0001 "quoted" \r end' }],
  ['empty log', { ...DB, source: 'stdout', log: '' }],
  ['16 KiB line', { ...WEB, source: 'stdout', log: 'L'.repeat(16 * 1024 - 4) + ', ok' }],
];

/** Strings of the Docker provider that are not in the format (kept as plain messages). */
export const NOT_DOCKER_TEXTS = [
  'not a docker line at all',
  'container_name: half, image_name: only',
  `container_name: c, image_name: i, container_id: 1, image_id: 2, source: stdin, log: wrong source`,
];

/** Build the trace; `fillers` ordinary lines make several buffers per CPU. */
export function buildDockerEtl(fillers = 400): { etl: Buffer; events: DockerEtlEvent[] } {
  const cpus = 4;
  const builder = new EtlBuilder({
    cpus, bufferSize: 0x10000, perfFreq: QPC_HZ, clockType: 1,
    loggerName: 'DockerContainerLogs', logFileName: 'C:\\ProgramData\\docker\\trace.etl',
  });
  const texts: Array<{ provider: string; text: string; fields: DockerLine | null }> = [];
  for (let i = 0; i < fillers; i++) {
    const line: DockerLine = { ...(i % 3 === 0 ? DB : WEB), source: i % 5 === 0 ? 'stderr' : 'stdout', log: `request ${i}: GET /api/items?page=${i} 200 ${i * 7} ms` };
    texts.push({ provider: DOCKER_PROVIDER, text: dockerText(line), fields: line });
  }
  // Spread the hard cases and the odd strings through the run.
  const extras: Array<{ provider: string; text: string; fields: DockerLine | null }> = [
    ...HARD_LOGS.map(([, l]) => ({ provider: DOCKER_PROVIDER, text: dockerText(l), fields: l })),
    ...NOT_DOCKER_TEXTS.map((t) => ({ provider: DOCKER_PROVIDER, text: t, fields: null })),
    { provider: OTHER_PROVIDER, text: dockerText({ ...WEB, source: 'stdout', log: 'look-alike from another provider' }), fields: null },
  ];
  extras.forEach((e, k) => texts.splice(Math.min(texts.length, 7 + k * Math.max(1, Math.floor(fillers / extras.length))), 0, e));

  const events: DockerEtlEvent[] = [];
  let raw = builder.o.anchorRaw + 3579n; // 1 ms after the session start
  texts.forEach((t, i) => {
    raw += 1000n + BigInt((i * 7919) % 900); // ~0.3 ms apart, irregular
    const cpu = (i * 3) % cpus; // round-robin in a shuffled order: neighbours land on different CPUs
    const pid = 4816;
    const tid = 5000 + (i % 6) * 4;
    builder.stringEvent({ cpu, raw, provider: t.provider, text: t.text, pid, tid, level: 0, keywords: 0n });
    events.push({ ...t, pid, tid, cpu, raw });
  });
  return { etl: builder.build('interleaved'), events };
}
