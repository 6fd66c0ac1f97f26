/**
 * The fault types and the fields each takes, with no engine imports: the scenario parser, the
 * console's `fault` command and the fault menu all check against this one table.
 * `required` fields must be given; of `oneOf`, exactly one; `values` lists the allowed values
 * of a field that is an enumeration.
 */
export interface FaultFields {
  required: readonly string[];
  optional: readonly string[];
  oneOf?: readonly string[];
  values?: Readonly<Record<string, readonly string[]>>;
  /** A one-line example, for error messages. */
  example: string;
}

export const FAULT_FIELDS: Readonly<Record<string, FaultFields>> = {
  'kubelet-stop': { required: ['node'], optional: [], example: '{type: kubelet-stop, node: node-1}' },
  'node-down': { required: ['node'], optional: [], example: '{type: node-down, node: node-2}' },
  'container-kill': { required: ['node', 'pod'], optional: ['container', 'namespace'], example: '{type: container-kill, node: node-1, pod: web}' },
  'memory-exhaust': { required: ['node', 'pod'], optional: ['container', 'namespace'], example: '{type: memory-exhaust, node: node-1, pod: web}' },
  'image-pull-fail': { required: [], optional: ['image', 'node', 'reason'], oneOf: ['image', 'node'], values: { reason: ['not-found', 'access-denied'] }, example: '{type: image-pull-fail, image: nginx:1.27}' },
  'etcd-member-stop': { required: ['member'], optional: [], example: '{type: etcd-member-stop, member: etcd-1}' },
  'etcd-member-start': { required: ['member'], optional: [], example: '{type: etcd-member-start, member: etcd-1}' },
  'etcd-partition': { required: [], optional: ['members', 'isolate'], oneOf: ['members', 'isolate'], example: '{type: etcd-partition, isolate: etcd-0}' },
  'etcd-heal': { required: [], optional: [], example: '{type: etcd-heal}' },
};

/** Every fault type, in the table's order. */
export const FAULT_TYPES: readonly string[] = Object.keys(FAULT_FIELDS);

/** Fields that name an etcd member (`etcd-1`) rather than a node. */
export const MEMBER_FIELDS: readonly string[] = ['member', 'isolate', 'members'];
