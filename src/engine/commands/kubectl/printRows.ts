import { humanDuration as formatAge } from '../../../domain/k8s/duration.ts';
import { isoToMicros } from '../../../domain/k8s/duration.ts';
import { formatLabelSelector, formatLabels, selectorToString } from '../../../domain/k8s/labels.ts';
import type { CoreEvent, Deployment, KubeObject, LabelSelector, Node, Pod, PodTemplateSpec, ReplicaSet } from '../../../domain/k8s/objects.ts';
import { podCells } from './printPodRow.ts';

/**
 * Column definitions and row cells of `kubectl get` per kind, as the TableHandlers in
 * kubernetes pkg/printers/internalversion/printers.go define them (the apiserver renders these
 * tables server-side and kubectl prints them). `wide` marks the Priority 1 columns that only
 * `-o wide` shows; they may sit between default columns (events: SUBOBJECT, SOURCE).
 */
export interface Column {
  header: string;
  wide: boolean;
}

export interface RowContext {
  /** The simulated now, µs since the Unix epoch. */
  now: number;
}

export interface KindPrinter {
  columns: readonly Column[];
  /** One cell per column, wide ones included. */
  cells(obj: KubeObject, ctx: RowContext): string[];
}

const col = (header: string, wide = false): Column => ({ header, wide });

/** translateTimestampSince: the age of a timestamp, "<unknown>" when it is not set. */
export function age(ts: string | null | undefined, ctx: RowContext): string {
  if (!ts) return '<unknown>';
  return formatAge(ctx.now - isoToMicros(ts));
}

/** layoutContainerCells: "nginx,sidecar" and "nginx:1.27,busybox". */
function containerCells(template: PodTemplateSpec | undefined): [string, string] {
  const containers = template?.spec?.containers ?? [];
  return [containers.map((c) => c.name).join(','), containers.map((c) => c.image).join(',')];
}

/** Deployments print selector.String() (empty stays empty); ReplicaSets FormatLabelSelector. */
function deploymentSelector(selector: LabelSelector | undefined): string {
  if (!selector) return '';
  try {
    return selectorToString(selector);
  } catch {
    return '<invalid>';
  }
}

const podPrinter: KindPrinter = {
  columns: [col('NAME'), col('READY'), col('STATUS'), col('RESTARTS'), col('AGE'), col('IP', true), col('NODE', true), col('NOMINATED NODE', true), col('READINESS GATES', true)],
  cells(obj, ctx) {
    const pod = obj as Pod;
    const { ready, status, restarts } = podCells(pod, ctx.now);
    const podIP = pod.status?.podIPs?.[0]?.ip || '<none>';
    const gates = (pod.spec?.readinessGates as { conditionType: string }[] | undefined) ?? [];
    let readinessGates = '<none>';
    if (gates.length > 0) {
      const conditions = pod.status?.conditions ?? [];
      const trueCount = gates.filter((g) => conditions.find((c) => c.type === g.conditionType)?.status === 'True').length;
      readinessGates = `${trueCount}/${gates.length}`;
    }
    return [
      pod.metadata.name ?? '',
      ready,
      status,
      restarts,
      age(pod.metadata.creationTimestamp, ctx),
      podIP,
      pod.spec?.nodeName || '<none>',
      pod.status?.nominatedNodeName || '<none>',
      readinessGates,
    ];
  },
};

const deploymentPrinter: KindPrinter = {
  columns: [col('NAME'), col('READY'), col('UP-TO-DATE'), col('AVAILABLE'), col('AGE'), col('CONTAINERS', true), col('IMAGES', true), col('SELECTOR', true)],
  cells(obj, ctx) {
    const d = obj as Deployment;
    const [names, images] = containerCells(d.spec?.template);
    return [
      d.metadata.name ?? '',
      `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 1}`,
      String(d.status?.updatedReplicas ?? 0),
      String(d.status?.availableReplicas ?? 0),
      age(d.metadata.creationTimestamp, ctx),
      names,
      images,
      deploymentSelector(d.spec?.selector),
    ];
  },
};

const replicaSetPrinter: KindPrinter = {
  columns: [col('NAME'), col('DESIRED'), col('CURRENT'), col('READY'), col('AGE'), col('CONTAINERS', true), col('IMAGES', true), col('SELECTOR', true)],
  cells(obj, ctx) {
    const rs = obj as ReplicaSet;
    const [names, images] = containerCells(rs.spec?.template);
    return [
      rs.metadata.name ?? '',
      String(rs.spec?.replicas ?? 1),
      String(rs.status?.replicas ?? 0),
      String(rs.status?.readyReplicas ?? 0),
      age(rs.metadata.creationTimestamp, ctx),
      names,
      images,
      formatLabelSelector(rs.spec?.selector),
    ];
  },
};

const NODE_ROLE_PREFIX = 'node-role.kubernetes.io/';

/** findNodeRoles: node-role.kubernetes.io/<role> labels and kubernetes.io/role=<role>, sorted. */
export function nodeRoles(node: Node): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
    if (k.startsWith(NODE_ROLE_PREFIX) && k.length > NODE_ROLE_PREFIX.length) roles.add(k.slice(NODE_ROLE_PREFIX.length));
    else if (k === 'kubernetes.io/role' && v !== '') roles.add(v);
  }
  const sorted = [...roles].sort();
  return sorted.length === 0 ? '<none>' : sorted.join(',');
}

const nodePrinter: KindPrinter = {
  columns: [
    col('NAME'), col('STATUS'), col('ROLES'), col('AGE'), col('VERSION'),
    col('INTERNAL-IP', true), col('EXTERNAL-IP', true), col('OS-IMAGE', true), col('KERNEL-VERSION', true), col('CONTAINER-RUNTIME', true),
  ],
  cells(obj, ctx) {
    const node = obj as Node;
    const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
    const status = [ready === undefined ? 'Unknown' : ready.status === 'True' ? 'Ready' : 'NotReady'];
    if (node.spec?.unschedulable) status.push('SchedulingDisabled');
    const info = node.status?.nodeInfo ?? {};
    const address = (type: string): string => node.status?.addresses?.find((a) => a.type === type)?.address ?? '<none>';
    return [
      node.metadata.name ?? '',
      status.join(','),
      nodeRoles(node),
      age(node.metadata.creationTimestamp, ctx),
      info['kubeletVersion'] ?? '',
      address('InternalIP'),
      address('ExternalIP'),
      info['osImage'] || '<unknown>',
      info['kernelVersion'] || '<unknown>',
      info['containerRuntimeVersion'] || '<unknown>',
    ];
  },
};

interface EventExtras {
  series?: { count?: number; lastObservedTime?: string };
  reportingComponent?: string;
  reportingInstance?: string;
}

/** formatEventSource: "kubelet, node-1"; falls back to reportingComponent/reportingInstance. */
function eventSource(ev: CoreEvent & EventExtras): string {
  const component = ev.source?.component || ev.reportingComponent || '';
  const instance = ev.source?.host || ev.reportingInstance || '';
  return instance === '' ? component : `${component}, ${instance}`;
}

const eventPrinter: KindPrinter = {
  columns: [
    col('LAST SEEN'), col('TYPE'), col('REASON'), col('OBJECT'), col('SUBOBJECT', true), col('SOURCE', true),
    col('MESSAGE'), col('FIRST SEEN', true), col('COUNT', true), col('NAME', true),
  ],
  cells(obj, ctx) {
    const ev = obj as CoreEvent & EventExtras;
    const first = ev.firstTimestamp ? age(ev.firstTimestamp, ctx) : age(ev.eventTime, ctx);
    let last = ev.lastTimestamp ? age(ev.lastTimestamp, ctx) : first;
    let count = ev.count ?? 0;
    if (ev.series) {
      last = age(ev.series.lastObservedTime, ctx);
      count = ev.series.count ?? 0;
    } else if (count === 0) {
      count = 1; // singleton events of the events.k8s.io API carry no count
    }
    const involved = ev.involvedObject ?? { kind: '', name: '' };
    const target = involved.name ? `${involved.kind.toLowerCase()}/${involved.name}` : involved.kind.toLowerCase();
    return [
      last,
      ev.type ?? '',
      ev.reason ?? '',
      target,
      involved.fieldPath ?? '',
      eventSource(ev),
      (ev.message ?? '').trim(),
      first,
      String(count),
      ev.metadata.name ?? '',
    ];
  },
};

const namespacePrinter: KindPrinter = {
  columns: [col('NAME'), col('STATUS'), col('AGE')],
  cells(obj, ctx) {
    const phase = (obj.status as { phase?: string } | undefined)?.phase ?? '';
    return [obj.metadata.name ?? '', phase, age(obj.metadata.creationTimestamp, ctx)];
  },
};

const configMapPrinter: KindPrinter = {
  columns: [col('NAME'), col('DATA'), col('AGE')],
  cells(obj, ctx) {
    const n = Object.keys((obj['data'] as object | undefined) ?? {}).length + Object.keys((obj['binaryData'] as object | undefined) ?? {}).length;
    return [obj.metadata.name ?? '', String(n), age(obj.metadata.creationTimestamp, ctx)];
  },
};

const secretPrinter: KindPrinter = {
  columns: [col('NAME'), col('TYPE'), col('DATA'), col('AGE')],
  cells(obj, ctx) {
    const n = Object.keys((obj['data'] as object | undefined) ?? {}).length;
    return [obj.metadata.name ?? '', String(obj['type'] ?? ''), String(n), age(obj.metadata.creationTimestamp, ctx)];
  },
};

interface ServiceShape {
  spec?: {
    type?: string;
    clusterIPs?: string[];
    externalIPs?: string[];
    externalName?: string;
    ports?: { port: number; nodePort?: number; protocol?: string }[];
    selector?: Record<string, string>;
  };
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
}

/** getServiceExternalIP and loadBalancerStatusStringer (clipped to 16 bytes unless wide). */
function serviceExternalIP(svc: ServiceShape, wide: boolean): string {
  const spec = svc.spec ?? {};
  const external = spec.externalIPs ?? [];
  switch (spec.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return external.length > 0 ? external.join(',') : '<none>';
    case 'LoadBalancer': {
      const ingress = [...new Set((svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip || i.hostname || '').filter((s) => s !== ''))].sort();
      let lb = ingress.join(',');
      if (!wide && lb.length > 16) lb = `${lb.slice(0, 13)}...`;
      if (external.length > 0) return [...(lb ? lb.split(',') : []), ...external].join(',');
      return lb.length > 0 ? lb : '<pending>';
    }
    case 'ExternalName':
      return spec.externalName ?? '';
    default:
      return '<unknown>';
  }
}

function servicePrinter(wide: boolean): KindPrinter {
  return {
    columns: [col('NAME'), col('TYPE'), col('CLUSTER-IP'), col('EXTERNAL-IP'), col('PORT(S)'), col('AGE'), col('SELECTOR', true)],
    cells(obj, ctx) {
      const svc = obj as KubeObject & ServiceShape;
      const ports = (svc.spec?.ports ?? []).map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`)).join(',');
      return [
        obj.metadata.name ?? '',
        svc.spec?.type ?? 'ClusterIP',
        svc.spec?.clusterIPs?.[0] ?? '<none>',
        serviceExternalIP(svc, wide),
        ports === '' ? '<none>' : ports,
        age(obj.metadata.creationTimestamp, ctx),
        formatLabels(svc.spec?.selector),
      ];
    },
  };
}

const leasePrinter: KindPrinter = {
  columns: [col('NAME'), col('HOLDER'), col('AGE')],
  cells(obj, ctx) {
    const holder = (obj.spec as { holderIdentity?: string } | undefined)?.holderIdentity ?? '';
    return [obj.metadata.name ?? '', holder, age(obj.metadata.creationTimestamp, ctx)];
  },
};

/** Kinds without a printer of their own here. */
const genericPrinter: KindPrinter = {
  columns: [col('NAME'), col('AGE')],
  cells: (obj, ctx) => [obj.metadata.name ?? '', age(obj.metadata.creationTimestamp, ctx)],
};

/** CustomResourceDefinitions: NAME and CREATED AT (the CRD's own table convertor), not AGE. */
const crdPrinter: KindPrinter = {
  columns: [col('NAME'), col('CREATED AT')],
  cells: (obj) => [obj.metadata.name ?? '', obj.metadata.creationTimestamp ?? ''],
};

/** The printer for a kind (`Pod`, `Deployment`, …). */
export function printerFor(kind: string, wide: boolean): KindPrinter {
  switch (kind) {
    case 'Pod':
      return podPrinter;
    case 'Deployment':
      return deploymentPrinter;
    case 'ReplicaSet':
      return replicaSetPrinter;
    case 'Node':
      return nodePrinter;
    case 'Event':
      return eventPrinter;
    case 'Namespace':
      return namespacePrinter;
    case 'ConfigMap':
      return configMapPrinter;
    case 'Secret':
      return secretPrinter;
    case 'Service':
      return servicePrinter(wide);
    case 'Lease':
      return leasePrinter;
    case 'CustomResourceDefinition':
      return crdPrinter;
    default:
      return genericPrinter;
  }
}
