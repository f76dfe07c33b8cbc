/**
 * Built-in NT kernel classes: SystemConfig: the hardware and software configuration the kernel logger
 * writes at the end of a session (CPU, disks, network cards, video, services,
 * power, IRQs, PnP devices, NUMA, platform, code integrity, telemetry, boot,
 * virtualization and more), every type in each of its versions.
 * Layouts are written in the notation of kernel-notation.ts; each entry's
 * comment names the kernel MOF class that declares the layout.
 */
import { kernelClass, type KernelClass } from './kernel-notation.js';

export const SYSTEM_CONFIG: KernelClass = kernelClass('SystemConfig', '01853a65-418f-4f36-aefc-dc0f1d2fd235', [
  [0, { 10: 'CPU' }, // SystemConfig_V0_CPU
    'MHz:u32 NumberOfProcessors:u32 MemSize:u32 PageSize:u32 AllocationGranularity:u32 '
    + 'ComputerName:wchar[256] DomainName:wchar[132] HyperThreadingFlag:ptr'],
  [0, { 11: 'PhyDisk' }, // SystemConfig_V0_PhyDisk
    'DiskNumber:u32 BytesPerSector:u32 SectorsPerTrack:u32 TracksPerCylinder:u32 Cylinders:u64 '
    + 'SCSIPort:u32 SCSIPath:u32 SCSITarget:u32 SCSILun:u32 Manufacturer:wchar[256] PartitionCount:u32 '
    + 'WriteCacheEnabled:u8 Pad:u8 BootDriveLetter:wchar[3] Spare:wchar[2]'],
  [0, { 12: 'LogDisk' }, // SystemConfig_V0_LogDisk
    'StartOffset:u64 PartitionSize:u64 DiskNumber:u32 Size:u32 DriveType:u32 DriveLetterString:wchar[4] '
    + 'Pad1:u32 PartitionNumber:u32 SectorsPerCluster:u32 BytesPerSector:u32 Pad2:u32 '
    + 'NumberOfFreeClusters:i64 TotalNumberOfClusters:i64 FileSystem:wchar[16] VolumeExt:u32'],
  [0, { 13: 'NIC' }, // SystemConfig_V0_NIC
    'NICName:wchar[256] Index:u32 PhysicalAddrLen:u32 PhysicalAddr:wchar[8] Size:u32 IpAddress:i32 '
    + 'SubnetMask:i32 DhcpServer:i32 Gateway:i32 PrimaryWinsServer:i32 SecondaryWinsServer:i32 '
    + 'DnsServer1:i32 DnsServer2:i32 DnsServer3:i32 DnsServer4:i32 Data:u32'],
  [0, { 14: 'Video' }, // SystemConfig_V0_Video
    'MemorySize:u32 XResolution:u32 YResolution:u32 BitsPerPixel:u32 VRefresh:u32 ChipType:wchar[256] '
    + 'DACType:wchar[256] AdapterString:wchar[256] BiosString:wchar[256] DeviceId:wchar[256] StateFlags:x32'],
  [0, { 15: 'Services' }, // SystemConfig_V0_Services
    'ServiceName:wchar[34] DisplayName:wchar[256] ProcessName:wchar[34] ProcessId:u32'],
  [0, { 16: 'Power' }, // SystemConfig_V0_Power
    'S1:u8 S2:u8 S3:u8 S4:u8 S5:u8 Pad1:u8 Pad2:u8 Pad3:u8'],
  [0, { 21: 'IRQ' }, // SystemConfig_V0_IRQ
    'IRQAffinity:x64 IRQNum:u32 DeviceDescriptionLen:u32 DeviceDescription:wstr'],
  [0, { 22: 'PnP' }, // SystemConfig_V0_PnP
    'IDLength:u32 DescriptionLength:u32 FriendlyNameLength:u32 DeviceID:wstr DeviceDescription:wstr '
    + 'FriendlyName:wstr'],
  [1, { 10: 'CPU' }, // SystemConfig_V1_CPU
    'MHz:u32 NumberOfProcessors:u32 MemSize:u32 PageSize:u32 AllocationGranularity:u32 '
    + 'ComputerName:wchar[256] DomainName:wchar[132] HyperThreadingFlag:ptr'],
  [1, { 11: 'PhyDisk' }, // SystemConfig_V1_PhyDisk
    'DiskNumber:u32 BytesPerSector:u32 SectorsPerTrack:u32 TracksPerCylinder:u32 Cylinders:u64 '
    + 'SCSIPort:u32 SCSIPath:u32 SCSITarget:u32 SCSILun:u32 Manufacturer:wchar[256] PartitionCount:u32 '
    + 'WriteCacheEnabled:u8 Pad:u8 BootDriveLetter:wchar[3] Spare:wchar[2]'],
  [1, { 12: 'LogDisk' }, // SystemConfig_V1_LogDisk
    'StartOffset:u64 PartitionSize:u64 DiskNumber:u32 Size:u32 DriveType:u32 DriveLetterString:wchar[4] '
    + 'Pad1:u32 PartitionNumber:u32 SectorsPerCluster:u32 BytesPerSector:u32 Pad2:u32 '
    + 'NumberOfFreeClusters:i64 TotalNumberOfClusters:i64 FileSystem:wchar[16] VolumeExt:u32'],
  [1, { 13: 'NIC' }, // SystemConfig_V1_NIC
    'NICName:wchar[256] Index:u32 PhysicalAddrLen:u32 PhysicalAddr:wchar[8] Size:u32 IpAddress:i32 '
    + 'SubnetMask:i32 DhcpServer:i32 Gateway:i32 PrimaryWinsServer:i32 SecondaryWinsServer:i32 '
    + 'DnsServer1:i32 DnsServer2:i32 DnsServer3:i32 DnsServer4:i32 Data:u32'],
  [1, { 14: 'Video' }, // SystemConfig_V1_Video
    'MemorySize:u32 XResolution:u32 YResolution:u32 BitsPerPixel:u32 VRefresh:u32 ChipType:wchar[256] '
    + 'DACType:wchar[256] AdapterString:wchar[256] BiosString:wchar[256] DeviceId:wchar[256] StateFlags:x32'],
  [1, { 15: 'Services' }, // SystemConfig_V1_Services
    'ServiceName:wchar[34] DisplayName:wchar[256] ProcessName:wchar[34] ProcessId:u32'],
  [1, { 16: 'Power' }, // SystemConfig_V1_Power
    'S1:u8 S2:u8 S3:u8 S4:u8 S5:u8 Pad1:u8 Pad2:u8 Pad3:u8'],
  [1, { 21: 'IRQ' }, // SystemConfig_V1_IRQ
    'IRQAffinity:x64 IRQNum:u32 DeviceDescriptionLen:u32 DeviceDescription:wstr'],
  [1, { 22: 'PnP' }, // SystemConfig_V1_PnP
    'IDLength:u32 DescriptionLength:u32 FriendlyNameLength:u32 DeviceID:wstr DeviceDescription:wstr '
    + 'FriendlyName:wstr'],
  [2, { 10: 'CPU' }, // SystemConfig_V2_CPU
    'MHz:u32 NumberOfProcessors:u32 MemSize:u32 PageSize:u32 AllocationGranularity:u32 '
    + 'ComputerName:wstr(256) DomainName:wstr(134) HyperThreadingFlag:ptr'],
  [2, { 11: 'PhyDisk' }, // SystemConfig_V2_PhyDisk
    'DiskNumber:u32 BytesPerSector:u32 SectorsPerTrack:u32 TracksPerCylinder:u32 Cylinders:u64 '
    + 'SCSIPort:u32 SCSIPath:u32 SCSITarget:u32 SCSILun:u32 Manufacturer:wstr(256) PartitionCount:u32 '
    + 'WriteCacheEnabled:u8 Pad:u8 BootDriveLetter:wstr(3) Spare:wchar[2]'],
  [2, { 12: 'LogDisk' }, // SystemConfig_V2_LogDisk
    'StartOffset:u64 PartitionSize:u64 DiskNumber:u32 Size:u32 DriveType:u32 DriveLetterString:wstr(4) '
    + 'Pad1:u32 PartitionNumber:u32 SectorsPerCluster:u32 BytesPerSector:u32 Pad2:u32 '
    + 'NumberOfFreeClusters:i64 TotalNumberOfClusters:i64 FileSystem:wstr(16) VolumeExt:u32 Pad3:u32'],
  [2, { 13: 'NIC' }, // SystemConfig_V2_NIC
    'PhysicalAddr:x64 PhysicalAddrLen:u32 Ipv4Index:u32 Ipv6Index:u32 NICDescription:wstr '
    + 'IpAddresses:wstr DnsServerAddresses:wstr'],
  [2, { 14: 'Video' }, // SystemConfig_V2_Video
    'MemorySize:u32 XResolution:u32 YResolution:u32 BitsPerPixel:u32 VRefresh:u32 ChipType:wstr(256) '
    + 'DACType:wstr(256) AdapterString:wstr(256) BiosString:wstr(256) DeviceId:wstr(256) StateFlags:x32'],
  [2, { 15: 'Services' }, // SystemConfig_V2_Services
    'ProcessId:x32 ServiceState:x32 SubProcessTag:x32 ServiceName:wstr DisplayName:wstr ProcessName:wstr'],
  [2, { 16: 'Power' }, // SystemConfig_V2_Power
    'S1:u8 S2:u8 S3:u8 S4:u8 S5:u8 Pad1:u8 Pad2:u8 Pad3:u8'],
  [2, { 17: 'Network' }, // SystemConfig_V2_Network
    'TcbTablePartitions:u32 MaxHashTableSize:u32 MaxUserPort:u32 TcpTimedWaitDelay:u32'],
  [2, { 18: 'OpticalDisk' }, // SystemConfig_V2_OpticalMedia
    'DiskNumber:u16 BusType:u16 DeviceType:u16 MediaType:u16 StartingOffset:u64 Size:u64 '
    + 'NumberOfFreeBlocks:u64 TotalNumberOfBlocks:u64 NextWritableAddress:u64 NumberOfSessions:u32 '
    + 'NumberOfTracks:u32 BytesPerSector:u32 DiscStatus:u16 LastSessionStatus:u16 DriveLetter:wstr '
    + 'FileSystemName:wstr DeviceName:astr ManufacturerName:astr'],
  [2, { 21: 'IRQ' }, // SystemConfig_V2_IRQ
    'IRQAffinity:x64 IRQNum:u32 DeviceDescriptionLen:u32 DeviceDescription:wstr'],
  [2, { 22: 'PnP' }, // SystemConfig_V2_PnP
    'IDLength:u32 DescriptionLength:u32 FriendlyNameLength:u32 DeviceID:wstr DeviceDescription:wstr '
    + 'FriendlyName:wstr'],
  [2, { 23: 'IDEChannel' }, // SystemConfig_V2_IDEChannel
    'TargetId:u32 DeviceType:x32 DeviceTimingMode:x32 LocationInformationLen:u32 LocationInformation:wstr'],
  [2, { 24: 'NumaNode' }, // SystemConfig_V2_NumaNode
    'NodeCount:u32 NodeMap:u64[NodeCount]'],
  [2, { 25: 'Platform' }, // SystemConfig_V2_Platform
    'SystemManufacturer:wstr SystemProductName:wstr BiosDate:wstr BiosVersion:wstr'],
  [2, { 26: 'ProcessorGroup' }, // SystemConfig_V2_ProcGroup
    'GroupCount:u32 Affinity:xptr[GroupCount]'],
  [2, { 27: 'ProcessorNumber' }, // SystemConfig_V2_ProcNumber
    'ProcessorCount:u32 ProcessorNumber:x32[ProcessorCount]'],
  [2, { 28: 'DPI' }, // SystemConfig_V2_DPI
    'MachineDPI:u32 UserDPI:u32'],
  [2, { 29: 'CodeIntegrity' }, // SystemConfig_V2_CodeIntegrity
    'CodeIntegrityInfo:u32'],
  [3, { 10: 'CPU' }, // SystemConfig_V3_CPU
    'MHz:u32 NumberOfProcessors:u32 MemSize:u32 PageSize:u32 AllocationGranularity:u32 '
    + 'ComputerName:wstr(256) DomainName:wstr(134) HyperThreadingFlag:ptr HighestUserAddress:ptr '
    + 'ProcessorArchitecture:u16 ProcessorLevel:u16 ProcessorRevision:u16 PaeEnabled:u8 NxEnabled:u8 '
    + 'MemorySpeed:u32'],
  [3, { 21: 'IRQ' }, // SystemConfig_V3_IRQ
    'IRQAffinity:x64 IRQGroup:u16 Reserved:u16 IRQNum:u32 DeviceDescriptionLen:u32 DeviceDescription:wstr'],
  [3, { 15: 'Services' }, // SystemConfig_V3_Services
    'ProcessId:x32 ServiceState:x32 SubProcessTag:x32 ServiceName:wstr DisplayName:wstr ProcessName:wstr '
    + 'LoadOrderGroup:wstr SvchostGroup:wstr'],
  [3, { 22: 'PnP' }, // SystemConfig_V3_PnP
    'IDLength:u32 DescriptionLength:u32 FriendlyNameLength:u32 DeviceID:wstr DeviceDescription:wstr '
    + 'FriendlyName:wstr PdoName:wstr'],
  [3, { 32: 'MobilePlatform' }, // SystemConfig_V3_MobilePlatform
    'DeviceManufacturer:wstr DeviceManufacturerDisplayName:wstr DeviceModel:wstr '
    + 'DeviceModelDisplayName:wstr MobileOperator:wstr MobileOperatorDisplayName:wstr HardwareVersion:wstr '
    + 'SocVersion:wstr RadioHardwareVersion:wstr RadioSoftwareVersion:wstr BspVersion:wstr '
    + 'OemSoftwareVersion:wstr'],
  [4, { 22: 'PnP' }, // SystemConfig_V4_PnP
    'ClassGuid:guid UpperFiltersCount:u32 LowerFiltersCount:u32 DeviceID:wstr DeviceDescription:wstr '
    + 'FriendlyName:wstr PdoName:wstr ServiceName:wstr UpperFilters:wstr[UpperFiltersCount] '
    + 'LowerFilters:wstr[LowerFiltersCount]'],
  [4, { 32: 'MobilePlatform' }, // SystemConfig_V4_MobilePlatform
    'DeviceManufacturer:wstr DeviceManufacturerDisplayName:wstr DeviceModel:wstr '
    + 'DeviceModelDisplayName:wstr MobileOperator:wstr SocVersion:wstr BspVersion:wstr'],
  [5, { 22: 'PnP' }, // SystemConfig_PnP
    'ClassGuid:guid UpperFiltersCount:u32 LowerFiltersCount:u32 DevStatus:u32 DevProblem:u32 '
    + 'DeviceID:wstr DeviceDescription:wstr FriendlyName:wstr PdoName:wstr ServiceName:wstr '
    + 'UpperFilters:wstr[UpperFiltersCount] LowerFilters:wstr[LowerFiltersCount]'],
  [2, { 30: 'TelemetryConfiguration' }, // SystemConfig_V2_TelemetryInfo
    'MachineId:guid'],
  [2, { 31: 'Defragmentation' }, // SystemConfig_V2_Defrag
    'AlignmentClusters:u64 AvgFreeSpaceSize:u64 ClustersPerSlab:u64 FragmentedDirectoryExtents:u64 '
    + 'FragmentedExtents:u64 FreeSpaceCount:u64 LargestFreeSpaceSize:u64 LastRunActualPurgeClusters:u64 '
    + 'LastRunClustersTrimmed:u64 LastRunFullDefragTime:u64 LastRunTime:u64 MFTSize:u64 TotalClusters:u64 '
    + 'TotalUsedClusters:u64 AvgFragmentsPerFile:u32 BytesPerCluster:u32 DirectoryCount:u32 '
    + 'FragmentedDirectories:u32 FragmentedFiles:u32 FragmentedSpace:u32 HardwareIssue:u32 '
    + 'InUseMFTRecords:u32 InUseSlabs:u32 LastRunActualPurgeSlabs:u32 LastRunInitialBackedSlabs:u32 '
    + 'LastRunPercentFragmentation:u32 LastRunPinnedSlabs:u32 LastRunPotentialPurgeSlabs:u32 '
    + 'LastRunSpaceInefficientSlabs:u32 LastRunTrimmedSlabs:u32 LastRunUnknownEvictFailSlabs:u32 '
    + 'LastRunVolsnapPinnedSlabs:u32 MFTFragmentCount:u32 MovableFiles:u32 TotalMFTRecords:u32 '
    + 'TotalSlabs:u32 UnmovableFiles:u32 VolumeId:guid VolumePathNames:wstr'],
  [2, { 32: 'MobilePlatform' }, // SystemConfig_V2_MobilePlatform
    'BootLoaderVersion:wstr FirmwareRevision:wstr FriendlyName:wstr HardwareRevision:wstr '
    + 'Manufacturer:wstr ManufacturerDisplayName:wstr ManufacturerModelName:wstr '
    + 'MobileOperatorDisplayName:wstr MobileOperatorName:wstr ModelName:wstr RadioHardwareRevision:wstr '
    + 'RadioSoftwareRevision:wstr ROMVersion:wstr SOCVersion:wstr HardwareVariant:wstr'],
  [2, { 33: 'DeviceFamily' }, // SystemConfig_V2_DeviceFamily
    'UAPInfo:u64 DeviceFamily:u32 DeviceForm:u32'],
  [2, { 34: 'FlightIds' }, // SystemConfig_V2_FlightIds
    'UpdateId:wstr FlightIdList:wstr'],
  [2, { 35: 'Processors' }, // SystemConfig_V2_Processors
    'ProcessorIndex:u32 FeatureSet:u32 ProcessorSpeed:u32 ProcessorName:wstr(64) '
    + 'VendorIdentifier:wstr(16) ProcessorIdentifier:wstr(128)'],
  [2, { 36: 'Virtualization Config Info' }, // SystemConfig_Virtualization
    'VbsEnabled:u8 HvciEnabled:u8 HyperVisorEnabled:u8 Reserved:u8'],
  [2, { 37: 'Boot Config Info' }, // SystemConfig_Boot
    'BootFlags:u64 FirmwareType:u32 SecureBootEnabled:u8 SecureBootCapable:u8 Reserved1:u8 Reserved2:u8'],
]);
