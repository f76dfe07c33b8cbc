/**
 * Built-in NT kernel classes: disk and file I/O events: disk requests and their completions, driver calls,
 * file names and rundowns, file operations and their ends, minifilter timings,
 * and split I/O.
 * Layouts are written in the notation of kernel-notation.ts; each entry's
 * comment names the kernel MOF class that declares the layout.
 */
import { kernelClass, type KernelClass } from './kernel-notation.js';

export const DISK_IO: KernelClass = kernelClass('DiskIo', '3d6fa8d4-fe05-11d0-9dda-00c04fd7ba7c', [
  [0, { 10: 'Read', 11: 'Write' }, // DiskIo_V0_TypeGroup1
    'DiskNumber:u32 IrpFlags:x32 TransferSize:u32 Reserved:u32 ByteOffset:u64 FileObject:ptr'],
  [1, { 10: 'Read', 11: 'Write' }, // DiskIo_V1_TypeGroup1
    'DiskNumber:u32 IrpFlags:x32 TransferSize:u32 ResponseTime:u32 ByteOffset:u64 FileObject:ptr '
    + 'HighResResponseTime:u64'],
  [1, { 34: 'DrvMjFnCall' }, // V1_DriverMajorFunctionCall
    'UniqMatchId:u32 RoutineAddr:ptr Irp:ptr MajorFunction:u32 MinorFunction:u32 FileObject:ptr'],
  [1, { 35: 'DrvMjFnRet' }, // V1_DriverMajorFunctionReturn
    'UniqMatchId:u32 Irp:ptr'],
  [1, { 52: 'DrvComplReq' }, // V1_DriverCompleteRequest
    'RoutineAddr:ptr Irp:ptr UniqMatchId:u32'],
  [1, { 53: 'DrvComplReqRet' }, // V1_DriverCompleteRequestReturn
    'Irp:ptr UniqMatchId:u32'],
  [2, { 10: 'Read', 11: 'Write' }, // DiskIo_V2_TypeGroup1
    'DiskNumber:u32 IrpFlags:x32 TransferSize:u32 Reserved:u32 ByteOffset:u64 FileObject:ptr Irp:ptr '
    + 'HighResResponseTime:u64'],
  [2, { 12: 'ReadInit', 13: 'WriteInit', 15: 'FlushInit' }, // DiskIo_V2_TypeGroup2
    'Irp:ptr'],
  [2, { 14: 'FlushBuffers' }, // DiskIo_V2_TypeGroup3
    'DiskNumber:u32 IrpFlags:x32 HighResResponseTime:u64 Irp:ptr'],
  [2, { 34: 'DrvMjFnCall' }, // DriverMajorFunctionCall
    'MajorFunction:u32 MinorFunction:u32 RoutineAddr:ptr FileObject:ptr Irp:ptr UniqMatchId:u32'],
  [2, { 35: 'DrvMjFnRet' }, // DriverMajorFunctionReturn
    'Irp:ptr UniqMatchId:u32'],
  [2, { 37: 'DrvComplRout' }, // DriverCompletionRoutine
    'Routine:ptr IrpPtr:ptr UniqMatchId:u32'],
  [2, { 52: 'DrvComplReq' }, // DriverCompleteRequest
    'RoutineAddr:ptr Irp:ptr UniqMatchId:u32'],
  [2, { 53: 'DrvComplReqRet' }, // DriverCompleteRequestReturn
    'Irp:ptr UniqMatchId:u32'],
  [3, { 10: 'Read', 11: 'Write', 55: 'OpticalRead', 56: 'OpticalWrite' }, // DiskIo_TypeGroup1
    'DiskNumber:u32 IrpFlags:x32 TransferSize:u32 Reserved:u32 ByteOffset:u64 FileObject:ptr Irp:ptr '
    + 'HighResResponseTime:u64 IssuingThreadId:u32'],
  [3, { 14: 'FlushBuffers', 57: 'OpticalFlushBuffers' }, // DiskIo_TypeGroup3
    'DiskNumber:u32 IrpFlags:x32 HighResResponseTime:u64 Irp:ptr IssuingThreadId:u32'],
  [3, { 12: 'ReadInit', 13: 'WriteInit', 15: 'FlushInit', 58: 'OpticalReadInit', 59: 'OpticalWriteInit', 60: 'OpticalFlushInit' }, // DiskIo_TypeGroup2
    'Irp:ptr IssuingThreadId:u32'],
]);

export const FILE_IO: KernelClass = kernelClass('FileIo', '90cbdc39-4a3e-11d1-84f4-0000f80464e3', [
  [0, { 0: 'Name' }, // FileIo_V0_Name
    'FileObject:ptr FileName:wstr'],
  [1, { 0: 'Name', 32: 'FileCreate' }, // FileIo_V1_Name
    'FileObject:ptr FileName:wstr'],
  [2, { 0: 'Name', 32: 'FileCreate', 35: 'FileDelete', 36: 'FileRundown' }, // FileIo_V2_Name
    'FileObject:ptr FileName:wstr'],
  [2, { 64: 'Create' }, // FileIo_V2_Create
    'IrpPtr:ptr TTID:ptr FileObject:ptr CreateOptions:u32 FileAttributes:u32 ShareAccess:u32 '
    + 'OpenPath:wstr'],
  [2, { 65: 'Cleanup', 66: 'Close', 73: 'Flush' }, // FileIo_V2_SimpleOp
    'IrpPtr:ptr TTID:ptr FileObject:ptr FileKey:ptr'],
  [2, { 67: 'Read', 68: 'Write' }, // FileIo_V2_ReadWrite
    'Offset:u64 IrpPtr:ptr TTID:ptr FileObject:ptr FileKey:ptr IoSize:u32 IoFlags:u32'],
  [2, { 69: 'SetInfo', 70: 'Delete', 71: 'Rename', 74: 'QueryInfo', 75: 'FSControl' }, // FileIo_V2_Info
    'IrpPtr:ptr TTID:ptr FileObject:ptr FileKey:ptr ExtraInfo:ptr InfoClass:u32'],
  [2, { 72: 'DirEnum', 77: 'DirNotify' }, // FileIo_V2_DirEnum
    'IrpPtr:ptr TTID:ptr FileObject:ptr FileKey:ptr Length:u32 InfoClass:u32 FileIndex:u32 FileName:wstr'],
  [2, { 76: 'OperationEnd' }, // FileIo_V2_OpEnd
    'IrpPtr:ptr ExtraInfo:ptr NtStatus:u32'],
  [2, { 37: 'MapFile', 38: 'UnmapFile', 39: 'MapFileDCStart', 40: 'MapFileDCEnd' }, // FileIo_V2_MapFile
    'ViewBase:ptr FileObject:ptr MiscInfo:x64 ViewSize:sizet ProcessId:u32'],
  [3, { 0: 'Name', 32: 'FileCreate', 35: 'FileDelete', 36: 'FileRundown' }, // FileIo_Name
    'FileObject:ptr FileName:wstr'],
  [3, { 64: 'Create' }, // FileIo_Create
    'IrpPtr:ptr FileObject:ptr TTID:u32 CreateOptions:u32 FileAttributes:u32 ShareAccess:u32 '
    + 'OpenPath:wstr'],
  [3, { 65: 'Cleanup', 66: 'Close', 73: 'Flush' }, // FileIo_SimpleOp
    'IrpPtr:ptr FileObject:ptr FileKey:ptr TTID:u32'],
  [3, { 67: 'Read', 68: 'Write' }, // FileIo_ReadWrite
    'Offset:u64 IrpPtr:ptr FileObject:ptr FileKey:ptr TTID:u32 IoSize:u32 IoFlags:u32'],
  [3, { 69: 'SetInfo', 70: 'Delete', 71: 'Rename', 74: 'QueryInfo', 75: 'FSControl' }, // FileIo_Info
    'IrpPtr:ptr FileObject:ptr FileKey:ptr ExtraInfo:ptr TTID:u32 InfoClass:u32'],
  [3, { 72: 'DirEnum', 77: 'DirNotify' }, // FileIo_DirEnum
    'IrpPtr:ptr FileObject:ptr FileKey:ptr TTID:u32 Length:u32 InfoClass:u32 FileIndex:u32 FileName:wstr'],
  [3, { 76: 'OperationEnd' }, // FileIo_OpEnd
    'IrpPtr:ptr ExtraInfo:ptr NtStatus:u32'],
  [3, { 79: 'DletePath', 80: 'RenamePath', 81: 'SetLinkPath' }, // FileIo_PathOperation
    'IrpPtr:ptr FileObject:ptr FileKey:ptr ExtraInfo:ptr TTID:u32 InfoClass:u32 FileName:wstr'],
  [3, { 96: 'PreOpInit', 97: 'PostOpInit' }, // FltIoInit
    'RoutineAddr:ptr FileObject:ptr FileContext:ptr IrpPtr:ptr CallbackDataPtr:ptr MajorFunction:u32'],
  [3, { 98: 'PreOpCompletion', 99: 'PostOpCompletion' }, // FltIoCompletion
    'InitialTime:time RoutineAddr:ptr FileObject:ptr FileContext:ptr IrpPtr:ptr CallbackDataPtr:ptr '
    + 'MajorFunction:u32'],
  [3, { 100: 'PreOpFailure', 101: 'PostOpFailure' }, // FltIoFailure
    'RoutineAddr:ptr FileObject:ptr FileContext:ptr IrpPtr:ptr CallbackDataPtr:ptr MajorFunction:u32 '
    + 'Status:x32'],
]);

export const SPLIT_IO: KernelClass = kernelClass('SplitIo', 'd837ca92-12b9-44a5-ad6a-3a65b3578aa8', [
  [2, { 32: 'VolMgr' }, // SplitIo_Info
    'ParentIrp:ptr ChildIrp:ptr'],
]);
