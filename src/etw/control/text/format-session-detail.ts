/**
 * `query NAME -ets`: logman's detail block — labels padded to 22 columns, the
 * set block, the collector block (`NAME\NAME`), then one block per provider
 * with level names and keyword names (docs/architecture.md F11). The Output
 * Location and File Mode lines of file sessions are a reconstruction: no real
 * sample of them was at hand.
 */
import { CLOCK_TYPE_LABEL, LOG_FILE_MODE } from '../api/etw-constants.js';
import { SessionDetail, SessionProviderDetail } from '../session/session-detail.js';
import { TraceProperties } from '../session/trace-properties.js';

const ROOT_PATH = '%systemdrive%\\PerfLogs\\Admin';

export function detailLine(label: string, value: string): string {
  return `${`${label}:`.padEnd(22)}${value}`;
}

const onOff = (on: boolean) => (on ? 'On' : 'Off');

/** `Real-time` for a session without a file; otherwise the file mode, plus `Real-time` when both. */
export function fileModeLabel(p: TraceProperties): string {
  const m = p.logFileMode;
  const parts: string[] = [];
  if (p.logFileName !== '') {
    if (m & LOG_FILE_MODE.FILE_MODE_CIRCULAR) parts.push('Circular');
    else if (m & LOG_FILE_MODE.FILE_MODE_NEWFILE) parts.push('Newfile');
    else parts.push('Sequential');
  }
  if (m & LOG_FILE_MODE.REAL_TIME_MODE) parts.push('Real-time');
  if (parts.length === 0 && m & LOG_FILE_MODE.BUFFERING_MODE) parts.push('Buffering');
  return parts.join(', ');
}

/** `0x0 ` / `0x8000000000000000 (System)`: lower-case hex, names or one trailing space. */
export function keywordsValue(mask: bigint, names: string[]): string {
  const hex = `0x${mask.toString(16)}`;
  return names.length > 0 ? `${hex} (${names.join(',')})` : `${hex} `;
}

export function levelValue(level: number, name: string | null): string {
  return name ? `${level} (${name})` : `${level}`;
}

function providerBlock(p: SessionProviderDetail): string[] {
  return [
    'Provider:',
    detailLine('Name', p.name),
    detailLine('Provider Guid', p.guid.toBracedUpper()),
    detailLine('Level', levelValue(p.level, p.levelName)),
    detailLine('KeywordsAll', keywordsValue(p.matchAllKeyword, p.keywordsAllNames)),
    detailLine('KeywordsAny', keywordsValue(p.matchAnyKeyword, p.keywordsAnyNames)),
    detailLine('Properties', `${p.enableProperty}`),
    detailLine('Filter Type', '0'),
    '',
  ];
}

export function formatSessionDetail(detail: SessionDetail, name: string): string[] {
  const s = detail.session;
  const shownName = s.loggerName || name;
  const m = s.logFileMode;
  const lines = [
    '',
    '',
    detailLine('Name', shownName),
    detailLine('Status', 'Running'),
    detailLine('Root Path', ROOT_PATH),
    detailLine('Segment', 'Off'),
    detailLine('Schedules', 'On'),
    detailLine('Segment Max Size', `${s.maximumFileSizeMb} MB`),
    '',
    detailLine('Name', `${shownName}\\${shownName}`),
    detailLine('Type', 'Trace'),
  ];
  if (s.logFileName !== '') lines.push(detailLine('Output Location', s.logFileName));
  lines.push(
    detailLine('Append', onOff((m & LOG_FILE_MODE.FILE_MODE_APPEND) !== 0)),
    detailLine('Circular', onOff((m & LOG_FILE_MODE.FILE_MODE_CIRCULAR) !== 0)),
    detailLine('Overwrite', 'Off'),
    detailLine('Buffer Size', `${s.bufferSizeKb}`),
    detailLine('Buffers Lost', `${s.logBuffersLost + s.realTimeBuffersLost}`),
    detailLine('Buffers Written', `${s.buffersWritten}`),
    detailLine('Buffer Flush Timer', `${s.flushTimerSeconds}`),
    detailLine('Clock Type', CLOCK_TYPE_LABEL[s.clientContext] ?? 'Performance'),
    detailLine('File Mode', fileModeLabel(s)),
    '',
  );
  for (const p of detail.providers) lines.push(...providerBlock(p));
  lines.pop();
  return lines;
}
