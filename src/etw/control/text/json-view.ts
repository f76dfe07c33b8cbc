/**
 * The `--json` form of every query: the same facts as the logman text, as
 * plain JSON values (64-bit numbers as 0x-hex strings, GUIDs braced upper-case).
 */
import { CLOCK_TYPE_LABEL } from '../api/etw-constants.js';
import { fileModeLabel } from './format-session-detail.js';
import { ProviderDetail } from '../session/provider-detail.js';
import { SessionDetail } from '../session/session-detail.js';
import { RegisteredProvider } from '../session/tdh-blobs.js';
import { TraceProperties } from '../session/trace-properties.js';

const hex64 = (v: bigint) => `0x${v.toString(16)}`;

export function sessionJson(s: TraceProperties) {
  return {
    name: s.loggerName,
    type: 'Trace',
    status: 'Running',
    loggerId: s.loggerId,
    logFile: s.logFileName || null,
    logFileMode: s.logFileMode,
    fileMode: fileModeLabel(s),
    clockType: CLOCK_TYPE_LABEL[s.clientContext] ?? 'Performance',
    bufferSizeKb: s.bufferSizeKb,
    minimumBuffers: s.minimumBuffers,
    maximumBuffers: s.maximumBuffers,
    numberOfBuffers: s.numberOfBuffers,
    freeBuffers: s.freeBuffers,
    maximumFileSizeMb: s.maximumFileSizeMb,
    flushTimerSeconds: s.flushTimerSeconds,
    enableFlags: s.enableFlags,
    eventsLost: s.eventsLost,
    buffersWritten: s.buffersWritten,
    buffersLost: s.logBuffersLost + s.realTimeBuffersLost,
    logBuffersLost: s.logBuffersLost,
    realTimeBuffersLost: s.realTimeBuffersLost,
  };
}

export function sessionDetailJson(d: SessionDetail) {
  return {
    session: sessionJson(d.session),
    providers: d.providers.map((p) => ({
      name: p.name,
      guid: p.guid.toBracedUpper(),
      level: p.level,
      levelName: p.levelName,
      keywordsAll: hex64(p.matchAllKeyword),
      keywordsAllNames: p.keywordsAllNames,
      keywordsAny: hex64(p.matchAnyKeyword),
      keywordsAnyNames: p.keywordsAnyNames,
      properties: p.enableProperty,
    })),
  };
}

export function providerListJson(providers: RegisteredProvider[]) {
  return { providers: providers.map((p) => ({ name: p.name, guid: p.guid.toBracedUpper(), schemaSource: p.schemaSource === 1 ? 'MOF' : 'Manifest' })) };
}

export function providerDetailJson(d: ProviderDetail) {
  const field = (f: { value: bigint; name: string; description: string }) => ({ value: hex64(f.value), name: f.name, description: f.description });
  return {
    provider: { name: d.provider.name, guid: d.provider.guid.toBracedUpper() },
    keywords: d.keywords.map(field),
    levels: d.levels.map((f) => ({ value: Number(f.value), name: f.name, description: f.description })),
    pids: d.pids,
  };
}
