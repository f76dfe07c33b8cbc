/**
 * Built-in NT kernel classes: ALPC message events and object manager events
 * (handles, objects, references and the type and handle rundowns).
 * Layouts are written in the notation of kernel-notation.ts; each entry's
 * comment names the kernel MOF class that declares the layout.
 */
import { kernelClass, type KernelClass } from './kernel-notation.js';

export const ALPC: KernelClass = kernelClass('ALPC', '45d8cccd-539f-4b72-a8b7-5c683142609a', [
  [2, { 33: 'ALPC-Send-Message' }, // ALPC_Send_Message
    'MessageID:u32'],
  [2, { 34: 'ALPC-Receive-Message' }, // ALPC_Receive_Message
    'MessageID:u32'],
  [2, { 35: 'ALPC-Wait-For-Reply' }, // ALPC_Wait_For_Reply
    'MessageID:u32'],
  [2, { 36: 'ALPC-Wait-For-New-Message' }, // ALPC_Wait_For_New_Message
    'IsServerPort:u32 PortName:wstr'],
  [2, { 37: 'ALPC-Unwait' }, // ALPC_Unwait
    'Status:u32'],
]);

export const OBJECT: KernelClass = kernelClass('Object', '89497f50-effe-4440-8cf2-ce6b1cdcaca7', [
  [2, { 32: 'CreateHandle', 33: 'CloseHandle' }, // ObHandleEvent
    'Object:xptr Handle:x32 ObjectType:u16 ObjectName:wstr'],
  [2, { 34: 'DuplicateHandle' }, // ObHandleDuplicateEvent
    'Object:xptr SourceHandle:x32 TargetHandle:x32 TargetProcessId:x32 ObjectType:u16'],
  // Windows 11 registers a version 3 of DuplicateHandle with the same fields (no kernel MOF file declares it).
  [3, { 34: 'DuplicateHandle' },
    'Object:xptr SourceHandle:x32 TargetHandle:x32 TargetProcessId:x32 ObjectType:u16'],
  [2, { 36: 'TypeDCStart', 37: 'TypeDCEnd' }, // ObTypeEvent
    'ObjectType:u16 Reserved:u16 TypeName:wstr'],
  [2, { 38: 'HandleDCStart', 39: 'HandleDCEnd' }, // ObHandleRundownEvent
    'Object:xptr ProcessId:x32 Handle:x32 ObjectType:u16 ObjectName:wstr'],
  [2, { 48: 'CreateObject', 49: 'DeleteObject' }, // ObObjectEvent
    'Object:xptr ObjectType:u16'],
  [2, { 50: 'ReferenceObject', 51: 'DereferenceObject' }, // ObReferenceEvent
    'Object:xptr Tag:x32 Count:u32'],
]);
