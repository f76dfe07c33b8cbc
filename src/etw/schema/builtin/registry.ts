/**
 * Built-in NT kernel classes: registry events: key and value operations, key control block rundowns,
 * transactions, counters and hive events.
 * Layouts are written in the notation of kernel-notation.ts; each entry's
 * comment names the kernel MOF class that declares the layout.
 */
import { kernelClass, type KernelClass } from './kernel-notation.js';

export const REGISTRY: KernelClass = kernelClass('Registry', 'ae53722e-c863-11d2-8659-00c04fa321a1', [
  [0, { 10: 'Create', 11: 'Open', 12: 'Delete', 13: 'Query', 14: 'SetValue', 15: 'DeleteValue', 16: 'QueryValue', 17: 'EnumerateKey', 18: 'EnumerateValueKey', 19: 'QueryMultipleValue', 20: 'SetInformation', 21: 'Flush' }, // Registry_V0_TypeGroup1
    'Status:ptr KeyHandle:ptr ElapsedTime:i64 KeyName:wstr'],
  [1, { 10: 'Create', 11: 'Open', 12: 'Delete', 13: 'Query', 14: 'SetValue', 15: 'DeleteValue', 16: 'QueryValue', 17: 'EnumerateKey', 18: 'EnumerateValueKey', 19: 'QueryMultipleValue', 20: 'SetInformation', 21: 'Flush', 22: 'RunDown' }, // Registry_V1_TypeGroup1
    'Status:ptr KeyHandle:ptr ElapsedTime:i64 Index:u32 KeyName:wstr'],
  [2, { 10: 'Create', 11: 'Open', 12: 'Delete', 13: 'Query', 14: 'SetValue', 15: 'DeleteValue', 16: 'QueryValue', 17: 'EnumerateKey', 18: 'EnumerateValueKey', 19: 'QueryMultipleValue', 20: 'SetInformation', 21: 'Flush', 22: 'KCBCreate', 23: 'KCBDelete', 24: 'KCBRundownBegin', 25: 'KCBRundownEnd', 26: 'Virtualize', 27: 'Close', 28: 'SetSecurity', 29: 'QuerySecurity' }, // Registry_TypeGroup1
    'InitialTime:i64 Status:u32 Index:u32 KeyHandle:ptr KeyName:wstr'],
  [2, { 30: 'TxRCommit', 31: 'TxRPrepare', 32: 'TxRRollback' }, // Registry_TxR
    'TxrGUID:guid Status:u32 UowCount:u32 OperationTime:u64 Hive:wstr'],
  [2, { 34: 'Counters' }, // Registry_Counters
    'Counter1:u64 Counter2:u64 Counter3:u64 Counter4:u64 Counter5:u64 Counter6:u64 Counter7:u64 '
    + 'Counter8:u64 Counter9:u64 Counter10:u64 Counter11:u64'],
  [2, { 35: 'Config' }, // Registry_Config
    'CurrentControlSet:u32'],
  [2, { 36: 'HiveInit' }, // Registry_HiveInitialize
    'Hive:ptr OperationType:u32 PoolTag:u32 Size:u32 FileName:wstr'],
  [2, { 37: 'HiveDestroy' }, // Registry_HiveDestroy
    'Hive:ptr FileName:wstr Path:wstr'],
  [2, { 38: 'HiveLink' }, // Registry_HiveLink
    'Hive:ptr Path:wstr'],
  [2, { 39: 'HiveDCEnd' }, // Registry_HiveRundown
    'Size:u64 Hive:ptr LoadedKeyCount:u32 FileName:wstr LinkPath:wstr'],
  [2, { 40: 'HiveDirty' }, // Registry_HiveDirty
    'Hive:ptr LinkPath:wstr DirtyReason:u32'],
  [2, { 48: 'ChangeNotify' }, // Registry_ChangeNotification
    'Notification:ptr KeyHandle:ptr Type:u8 WatchSubtree:u8 Primary:u8'],
]);
