// Runs inside the Windows build of Node under Wine: drives the koffi EtwApi's real-time
// consumer calls directly (report -rt stops at OpenTraceW's failure, so ProcessTrace and
// CloseTrace are called here with a made-up handle) and prints what they returned and what
// openTrace wrote into EVENT_TRACE_LOGFILEW, as JSON for smoke.mjs.
import { loadKoffiEtwApi } from '../../dist/etw/control/api/koffi-etw-api.js';
import { encodeRealTimeLogfile, hostTraceLogfileLayout, readPointer } from '../../dist/etw/control/api/trace-logfile.js';
import { encodeBufferConsumerOptions } from '../../dist/etw/control/api/open-trace-options.js';

const api = loadKoffiEtwApi();
const layout = hostTraceLogfileLayout();
const logfile = encodeRealTimeLogfile(0);
let events = 0;
const open = api.openTrace('WineLive', logfile, () => { events += 1; });
const processStatus = await api.processTrace([0x1234n]);
const closeStatus = api.closeTrace(0x1234n);
// --rt-buffers: Wine has no OpenTraceFromRealTimeLogger worth calling; the clock anchor is real.
const buffers = api.openTraceFromRealTimeLogger('WineLive', encodeBufferConsumerOptions(), Buffer.alloc(layout.headerSize), () => { events += 1; });
const clock = api.clockNow();
console.log(JSON.stringify({
  openStatus: open.status,
  openHandle: open.handle.toString(16),
  loggerName: readPointer(logfile, layout.offsets.LoggerName, layout.pointerSize) !== 0n,
  callback: readPointer(logfile, layout.offsets.EventRecordCallback, layout.pointerSize) !== 0n,
  mode: logfile.readUInt32LE(layout.offsets.ProcessTraceMode),
  processStatus,
  closeStatus,
  buffersStatus: buffers.status,
  qpc: clock.qpc.toString(),
  fileTime: clock.fileTime.toString(),
  events,
}));
