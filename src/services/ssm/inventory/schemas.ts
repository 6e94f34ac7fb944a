// The inventory types AWS defines and their attributes (GetInventorySchema's), and Warden's bounds on stored inventory.

/** AWS's own inventory types: an entry may carry only these attributes (InvalidItemContentException otherwise). */
export const AWS_TYPES: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  Object.entries({
    'AWS:Application': [
      'Name',
      'ApplicationType',
      'Publisher',
      'Version',
      'Release',
      'Epoch',
      'InstalledTime',
      'Architecture',
      'URL',
      'Summary',
      'PackageId',
      'CompType',
    ],
    'AWS:AWSComponent': ['Name', 'ApplicationType', 'Publisher', 'Version', 'InstalledTime', 'Architecture', 'URL'],
    'AWS:InstanceInformation': [
      'AgentType',
      'AgentVersion',
      'ComputerName',
      'InstanceId',
      'IpAddress',
      'PlatformName',
      'PlatformType',
      'PlatformVersion',
      'ResourceType',
      'InstanceStatus',
    ],
    'AWS:Network': ['Name', 'SubnetMask', 'Gateway', 'DHCPServer', 'DNSServer', 'MacAddress', 'IPV4', 'IPV6'],
    'AWS:Service': [
      'Name',
      'DisplayName',
      'ServiceType',
      'Status',
      'DependentServices',
      'ServicesDependedOn',
      'StartType',
    ],
    'AWS:WindowsUpdate': ['HotFixId', 'Description', 'InstalledTime', 'InstalledBy'],
    'AWS:InstanceDetailedInformation': [
      'CPUModel',
      'CPUCores',
      'CPUs',
      'CPUSpeedMHz',
      'CPUSockets',
      'CPUHyperThreadEnabled',
      'OSServicePack',
    ],
  }).map(([type, attributes]) => [type, new Set(attributes)]),
);

/**
 * Warden's bounds, in the spirit of AWS's inventory quotas (the model already caps an item at 10,000 entries of 50
 * attributes, names at 64 and values at 4,096 characters, and a call at 30 items): an item's entries at most
 * 2 MiB serialized, one instance's inventory at most 8 MiB, and at most 20 custom types per account and region.
 */
export const ITEM_MAX_BYTES = 2 * 1024 * 1024;
export const INSTANCE_MAX_BYTES = 8 * 1024 * 1024;
export const CUSTOM_TYPES_PER_ACCOUNT = 20;

export function isCustomType(typeName: string): boolean {
  return typeName.startsWith('Custom:');
}
