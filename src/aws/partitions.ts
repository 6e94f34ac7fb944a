// AWS partitions: which partition a region name belongs to, by the region patterns AWS publishes.

export interface Partition {
  /** The partition id that appears in ARNs: `aws`, `aws-cn`, `aws-us-gov`, ... */
  readonly id: string;
  /** Region names this partition owns; a name matching this pattern belongs to it even before AWS lists it. */
  readonly regionRegex: RegExp;
  /** Regions AWS lists explicitly, including the pseudo-regions (`aws-global`) the pattern does not cover. */
  readonly regions: readonly string[];
  /** Domain that service endpoints in the partition live under. */
  readonly dnsSuffix: string;
}

// The table mirrors the `partitions` document the AWS SDKs ship (botocore/data/partitions.json). Every
// pattern has exactly three dash-separated parts after its prefix, so `us-gov-west-1` cannot match `aws`'s
// `us-\w+-\d+`: no two patterns overlap and the order below does not matter.
export const PARTITIONS: readonly Partition[] = [
  {
    id: 'aws',
    regionRegex: /^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$/,
    regions: [
      'aws-global',
      'af-south-1',
      'ap-east-1',
      'ap-east-2',
      'ap-northeast-1',
      'ap-northeast-2',
      'ap-northeast-3',
      'ap-south-1',
      'ap-south-2',
      'ap-southeast-1',
      'ap-southeast-2',
      'ap-southeast-3',
      'ap-southeast-4',
      'ap-southeast-5',
      'ap-southeast-6',
      'ap-southeast-7',
      'ca-central-1',
      'ca-west-1',
      'eu-central-1',
      'eu-central-2',
      'eu-north-1',
      'eu-south-1',
      'eu-south-2',
      'eu-west-1',
      'eu-west-2',
      'eu-west-3',
      'il-central-1',
      'me-central-1',
      'me-south-1',
      'mx-central-1',
      'sa-east-1',
      'us-east-1',
      'us-east-2',
      'us-west-1',
      'us-west-2',
    ],
    dnsSuffix: 'amazonaws.com',
  },
  {
    id: 'aws-cn',
    regionRegex: /^cn-\w+-\d+$/,
    regions: ['aws-cn-global', 'cn-north-1', 'cn-northwest-1'],
    dnsSuffix: 'amazonaws.com.cn',
  },
  {
    id: 'aws-us-gov',
    regionRegex: /^us-gov-\w+-\d+$/,
    regions: ['aws-us-gov-global', 'us-gov-east-1', 'us-gov-west-1'],
    dnsSuffix: 'amazonaws.com',
  },
  {
    id: 'aws-iso',
    regionRegex: /^us-iso-\w+-\d+$/,
    regions: ['aws-iso-global', 'us-iso-east-1', 'us-iso-west-1'],
    dnsSuffix: 'c2s.ic.gov',
  },
  {
    id: 'aws-iso-b',
    regionRegex: /^us-isob-\w+-\d+$/,
    regions: ['aws-iso-b-global', 'us-isob-east-1', 'us-isob-west-1'],
    dnsSuffix: 'sc2s.sgov.gov',
  },
  {
    id: 'aws-iso-e',
    regionRegex: /^eu-isoe-\w+-\d+$/,
    regions: ['aws-iso-e-global', 'eu-isoe-west-1'],
    dnsSuffix: 'cloud.adc-e.uk',
  },
  {
    id: 'aws-iso-f',
    regionRegex: /^us-isof-\w+-\d+$/,
    regions: ['aws-iso-f-global', 'us-isof-east-1', 'us-isof-south-1'],
    dnsSuffix: 'csp.hci.ic.gov',
  },
  {
    id: 'aws-eusc',
    regionRegex: /^eusc-(de)-\w+-\d+$/,
    regions: ['eusc-de-east-1'],
    dnsSuffix: 'amazonaws.eu',
  },
];

const BY_LISTED_REGION = new Map<string, Partition>();
for (const partition of PARTITIONS) for (const region of partition.regions) BY_LISTED_REGION.set(region, partition);

/** The partition owning `region`, or undefined when the name fits no partition's pattern. */
export function partitionFor(region: string): Partition | undefined {
  const listed = BY_LISTED_REGION.get(region);
  if (listed) return listed;
  for (const partition of PARTITIONS) if (partition.regionRegex.test(region)) return partition;
  return undefined;
}

/** The partition id (`aws`, `aws-cn`, ...) for `region`, or undefined when the name fits no partition. */
export function partitionOf(region: string): string | undefined {
  return partitionFor(region)?.id;
}

/** The endpoint domain for `region` (`amazonaws.com`, `amazonaws.com.cn`, ...), or undefined. */
export function dnsSuffixOf(region: string): string | undefined {
  return partitionFor(region)?.dnsSuffix;
}

/** Whether `partition` is one of AWS's partition ids. */
export function isPartition(partition: string): boolean {
  return PARTITIONS.some((p) => p.id === partition);
}
