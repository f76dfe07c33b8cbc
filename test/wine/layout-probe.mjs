// Runs inside the Windows build of Node under Wine: prints koffi's view of the ETW struct
// layouts (win32-x64 binary) as JSON, for smoke.mjs to compare with the pure layout module.
import koffi from 'koffi';
import * as types from '../../dist/etw/control/api/koffi-types.js';

const etp = {};
for (const f of ['BufferSize', 'LogFileMode', 'EnableFlags', 'LoggerThreadId', 'LogFileNameOffset', 'LoggerNameOffset']) {
  etp[f] = koffi.offsetof(types.EVENT_TRACE_PROPERTIES, f);
}
console.log(JSON.stringify({
  platform: process.platform,
  arch: process.arch,
  sizes: {
    EVENT_TRACE_PROPERTIES: koffi.sizeof(types.EVENT_TRACE_PROPERTIES),
    ENABLE_TRACE_PARAMETERS: koffi.sizeof(types.ENABLE_TRACE_PARAMETERS),
    TRACE_ENABLE_INFO: koffi.sizeof(types.TRACE_ENABLE_INFO),
    PROVIDER_FIELD_INFO: koffi.sizeof(types.PROVIDER_FIELD_INFO),
  },
  offsets: etp,
}));
