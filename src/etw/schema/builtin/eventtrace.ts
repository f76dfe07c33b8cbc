/**
 * Built-in NT kernel classes: the EventTrace group (kernel group 0): the log-file header record and its
 * extension records (group masks, rundown complete, image debug id, build
 * string, partition info, last dropped times), and the real-time lost-event
 * notices.
 * Layouts are written in the notation of kernel-notation.ts; each entry's
 * comment names the kernel MOF class that declares the layout.
 */
import { EVENT_TRACE_GUID } from '../../etl/kernel-groups.js';
import { kernelClass, type KernelClass } from './kernel-notation.js';

export const EVENT_TRACE: KernelClass = kernelClass('EventTrace', EVENT_TRACE_GUID, [
  [0, { 0: 'Header' }, // EventTrace_V0_Header
    'BufferSize:u32 Version:u32 ProviderVersion:u32 NumberOfProcessors:u32 EndTime:u64 '
    + 'TimerResolution:u32 MaxFileSize:u32 LogFileMode:x32 BuffersWritten:u32 StartBuffers:u32 '
    + 'PointerSize:u32 EventsLost:u32 CPUSpeed:u32 LoggerName:ptr LogFileName:ptr '
    + 'TimeZoneInformation:u8[176]! BootTime:u64 PerfFreq:u64 StartTime:u64 ReservedFlags:x32 '
    + 'BuffersLost:u32 SessionNameString:wstr LogFileNameString:wstr'],
  [0, { 5: 'Extension', 32: 'EndExtension' }, // Header_Extension_V0_TypeGroup
    'GroupMask1:x32 GroupMask2:x32 GroupMask3:x32 GroupMask4:x32 GroupMask5:x32 GroupMask6:x32 '
    + 'GroupMask7:x32 GroupMask8:x32'],
  [0, { 8: 'RDComplete' }, // RDComplete_V0
    ''],
  [1, { 0: 'Header' }, // EventTrace_V1_Header
    'BufferSize:u32 Version:u32 ProviderVersion:u32 NumberOfProcessors:u32 EndTime:u64 '
    + 'TimerResolution:u32 MaxFileSize:u32 LogFileMode:x32 BuffersWritten:u32 StartBuffers:u32 '
    + 'PointerSize:u32 EventsLost:u32 CPUSpeed:u32 LoggerName:ptr LogFileName:ptr '
    + 'TimeZoneInformation:u8[176]! BootTime:u64 PerfFreq:u64 StartTime:u64 ReservedFlags:x32 '
    + 'BuffersLost:u32 SessionNameString:wstr LogFileNameString:wstr'],
  [1, { 5: 'Extension', 32: 'EndExtension' }, // Header_Extension_V1_TypeGroup
    'GroupMask1:x32 GroupMask2:x32 GroupMask3:x32 GroupMask4:x32 GroupMask5:x32 GroupMask6:x32 '
    + 'GroupMask7:x32 GroupMask8:x32'],
  [1, { 8: 'RDComplete' }, // RDComplete_V1
    ''],
  [2, { 0: 'Header' }, // EventTrace_Header
    'BufferSize:u32 Version:u32 ProviderVersion:u32 NumberOfProcessors:u32 EndTime:u64 '
    + 'TimerResolution:u32 MaxFileSize:u32 LogFileMode:x32 BuffersWritten:u32 StartBuffers:u32 '
    + 'PointerSize:u32 EventsLost:u32 CPUSpeed:u32 LoggerName:ptr LogFileName:ptr '
    + 'TimeZoneInformation:u8[176]! BootTime:u64 PerfFreq:u64 StartTime:u64 ReservedFlags:x32 '
    + 'BuffersLost:u32 SessionNameString:wstr LogFileNameString:wstr'],
  [2, { 5: 'Extension', 32: 'EndExtension' }, // Header_Extension_TypeGroup
    'GroupMask1:x32 GroupMask2:x32 GroupMask3:x32 GroupMask4:x32 GroupMask5:x32 GroupMask6:x32 '
    + 'GroupMask7:x32 GroupMask8:x32 KernelEventVersion:x32'],
  [2, { 8: 'RDComplete' }, // RDComplete
    ''],
  [2, { 64: 'DbgIdRSDS' }, // Header_DbgIdRSDS_TypeGroup
    'Guid:guid Age:u32 PdbName:astr'],
  [2, { 66: 'BuildInfo' }, // Header_BuildInfo_TypeGroup
    'BuildString:astr'],
  [2, { 67: 'ProviderBinaryPath' }, // Header_ProviderBinaryPath_TypeGroup
    'GuidCount:u32 Guid:guid[GuidCount] BinaryPath:wstr'],
  [0, { 80: 'PartitionInfoExtension' }, // Header_PartitionInfoExtension_TypeGroup
    'EventVersion:u16 Reserved:u16 PartitionType:u32 QpcOffsetFromRoot:i64 PartitionId:guid ParentId:guid'],
  [2, { 80: 'PartitionInfoExtensionV2' }, // Header_PartitionInfoExtensionV2_TypeGroup
    'EventVersion:u16 Reserved:u16 PartitionType:u32 QpcOffsetFromRoot:i64 PartitionId:wstr ParentId:wstr'],
  [2, { 82: 'LastDroppedTimes' }, // Header_LastDroppedTimes_TypeGroup
    'TimeStampCount:u32 Padding:u32 TimeStamp:u64[TimeStampCount]'],
]);

export const LOST_EVENT: KernelClass = kernelClass('LostEvent', '6a399ae0-4bc6-4de9-870b-3657f8947e7e', [
  [0, { 32: 'RTLostEvent', 33: 'RTLostBuffer', 34: 'RTLostFile' }, // RT_LostEvent
    ''],
]);
