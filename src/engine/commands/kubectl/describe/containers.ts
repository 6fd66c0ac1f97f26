import type { DescribeWriter } from './go-tabwriter.ts';
import { labelsMultiline, rfc1123z } from './sections.ts';

/** Containers, volumes and the pod template as describe.go prints them (describeContainers, describeVolumes, DescribePodTemplate). */

interface Port {
  containerPort?: number;
  hostPort?: number;
  protocol?: string;
}
interface Container {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  ports?: Port[];
  env?: { name: string; value?: string; valueFrom?: unknown }[];
  resources?: { limits?: Record<string, string>; requests?: Record<string, string> };
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean; subPath?: string }[];
  livenessProbe?: unknown;
  readinessProbe?: unknown;
  startupProbe?: unknown;
}
interface ContainerState {
  running?: { startedAt?: string };
  waiting?: { reason?: string; message?: string };
  terminated?: { reason?: string; exitCode?: number; startedAt?: string; finishedAt?: string; message?: string };
}
export interface ContainerStatus {
  name: string;
  containerID?: string;
  imageID?: string;
  ready?: boolean;
  restartCount?: number;
  state?: ContainerState;
  lastState?: ContainerState;
}
interface Volume {
  name: string;
  projected?: { sources?: { serviceAccountToken?: { expirationSeconds?: number }; configMap?: { name?: string }; downwardAPI?: unknown }[] };
  emptyDir?: { medium?: string; sizeLimit?: string };
  configMap?: { name?: string; optional?: boolean };
  secret?: { secretName?: string; optional?: boolean };
  hostPath?: { path?: string; type?: string };
}

const ports = (ps: Port[] | undefined, host: boolean): string => (ps ?? []).map((p) => `${host ? (p.hostPort ?? 0) : (p.containerPort ?? 0)}/${p.protocol ?? 'TCP'}`).join(', ');

function state(w: DescribeWriter, title: string, s: ContainerState | undefined): void {
  if (s?.running) {
    w.write(2, `${title}:\tRunning\n`);
    w.write(3, `Started:\t${rfc1123z(s.running.startedAt)}\n`);
  } else if (s?.waiting) {
    w.write(2, `${title}:\tWaiting\n`);
    if (s.waiting.reason) w.write(3, `Reason:\t${s.waiting.reason}\n`);
    if (s.waiting.message) w.write(3, `Message:\t${s.waiting.message}\n`);
  } else if (s?.terminated) {
    w.write(2, `${title}:\tTerminated\n`);
    if (s.terminated.reason) w.write(3, `Reason:\t${s.terminated.reason}\n`);
    if (s.terminated.message) w.write(3, `Message:\t${s.terminated.message}\n`);
    w.write(3, `Exit Code:\t${s.terminated.exitCode ?? 0}\n`);
    w.write(3, `Started:\t${rfc1123z(s.terminated.startedAt)}\n`);
    w.write(3, `Finished:\t${rfc1123z(s.terminated.finishedAt)}\n`);
  } else w.write(2, `${title}:\tWaiting\n`);
}

export function describeContainers(w: DescribeWriter, label: string, containers: Container[], statuses: ContainerStatus[] | undefined, space: string): void {
  w.raw(`${space}${label}:\n`);
  for (const c of containers) {
    const status = statuses?.find((s) => s.name === c.name);
    w.write(1, `${space ? ' ' : ''}${c.name}:\n`);
    if (status) w.write(2, `Container ID:\t${status.containerID ?? ''}\n`);
    w.write(2, `Image:\t${c.image ?? ''}\n`);
    if (status) w.write(2, `Image ID:\t${status.imageID ?? ''}\n`);
    const p = ports(c.ports, false);
    const hp = ports(c.ports, true);
    w.write(2, p.includes(',') ? `Ports:\t${p}\n` : `Port:\t${p || '<none>'}\n`);
    w.write(2, hp.includes(',') ? `Host Ports:\t${hp}\n` : `Host Port:\t${hp || '<none>'}\n`);
    if (c.command?.length) {
      w.write(2, 'Command:\n');
      for (const x of c.command) w.write(3, `${x}\n`);
    }
    if (c.args?.length) {
      w.write(2, 'Args:\n');
      for (const x of c.args) w.write(3, `${x}\n`);
    }
    if (status) {
      state(w, 'State', status.state);
      if (status.lastState && Object.keys(status.lastState).length > 0) state(w, 'Last State', status.lastState);
      w.write(2, `Ready:\t${status.ready ? 'True' : 'False'}\n`);
      w.write(2, `Restart Count:\t${status.restartCount ?? 0}\n`);
    }
    for (const kind of ['limits', 'requests'] as const) {
      const list = c.resources?.[kind];
      if (!list || Object.keys(list).length === 0) continue;
      w.write(2, `${kind === 'limits' ? 'Limits' : 'Requests'}:\n`);
      for (const k of Object.keys(list).sort()) w.write(3, `${k}:\t${list[k] as string}\n`);
    }
    if (!c.env?.length) w.write(2, 'Environment:\t<none>\n');
    else {
      w.write(2, 'Environment:\n');
      for (const e of c.env) w.write(3, `${e.name}:\t${e.value ?? ''}\n`);
    }
    if (!c.volumeMounts?.length) w.write(2, 'Mounts:\t<none>\n');
    else {
      w.write(2, 'Mounts:\n');
      for (const m of [...c.volumeMounts].sort((a, b) => (a.mountPath < b.mountPath ? -1 : 1))) {
        w.write(3, `${m.mountPath} from ${m.name} (${m.readOnly ? 'ro' : 'rw'}${m.subPath ? `,path="${m.subPath}"` : ''})\n`);
      }
    }
  }
}

export function describeVolumes(w: DescribeWriter, volumes: Volume[] | undefined, space: string): void {
  if (!volumes?.length) {
    w.raw(`${space}Volumes:\t<none>\n`);
    return;
  }
  w.raw(`${space}Volumes:\n`);
  for (const v of volumes) {
    w.raw(`${space}  ${v.name}:\n`);
    const at = (t: string): void => w.raw(`${space}    ${t}`);
    if (v.projected) {
      at('Type:\tProjected (a volume that contains injected data from multiple sources)\n');
      for (const s of v.projected.sources ?? []) {
        if (s.serviceAccountToken) at(`TokenExpirationSeconds:\t${s.serviceAccountToken.expirationSeconds ?? 3607}\n`);
        if (s.configMap) {
          at(`ConfigMapName:\t${s.configMap.name ?? ''}\n`);
          at('Optional:\tfalse\n');
        }
        if (s.downwardAPI) at('DownwardAPI:\ttrue\n');
      }
    } else if (v.emptyDir) {
      at('Type:\tEmptyDir (a temporary directory that shares a pod\'s lifetime)\n');
      at(`Medium:\t${v.emptyDir.medium ?? ''}\n`);
      at(`SizeLimit:\t${v.emptyDir.sizeLimit ?? '<unset>'}\n`);
    } else if (v.configMap) {
      at('Type:\tConfigMap (a volume populated by a ConfigMap)\n');
      at(`Name:\t${v.configMap.name ?? ''}\n`);
      at(`Optional:\t${v.configMap.optional ? 'true' : 'false'}\n`);
    } else if (v.secret) {
      at('Type:\tSecret (a volume populated by a Secret)\n');
      at(`SecretName:\t${v.secret.secretName ?? ''}\n`);
      at(`Optional:\t${v.secret.optional ? 'true' : 'false'}\n`);
    } else if (v.hostPath) {
      at('Type:\tHostPath (bare host directory volume)\n');
      at(`Path:\t${v.hostPath.path ?? ''}\n`);
      at(`HostPathType:\t${v.hostPath.type ?? ''}\n`);
    } else at('<unknown>\n');
  }
}

interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

/** printTolerationsMultilineWithIndent. */
export function tolerationsMultiline(w: DescribeWriter, title: string, tolerations: Toleration[] | undefined, indent = ''): void {
  w.raw(`${indent}${title}:\t`);
  if (!tolerations?.length) {
    w.raw('<none>\n');
    return;
  }
  tolerations.forEach((t, i) => {
    if (i > 0) w.raw(`${indent}\t`);
    let s = t.key ?? '';
    if (t.value) s += `=${t.value}`;
    if (t.effect) s += `:${t.effect}`;
    if (t.operator === 'Exists' && !t.value) s += ` op=Exists`;
    if (t.tolerationSeconds !== undefined) s += ` for ${t.tolerationSeconds}s`;
    w.raw(`${s}\n`);
  });
}

export interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: { containers?: Container[]; initContainers?: Container[]; volumes?: Volume[]; nodeSelector?: Record<string, string>; tolerations?: Toleration[]; serviceAccountName?: string; priorityClassName?: string };
}

/** DescribePodTemplate. */
export function describePodTemplate(w: DescribeWriter, t: PodTemplate): void {
  w.raw('Pod Template:\n');
  labelsMultiline(w, 'Labels', t.metadata?.labels, '  ');
  if (t.spec?.serviceAccountName) w.write(1, `Service Account:\t${t.spec.serviceAccountName}\n`);
  if (t.spec?.initContainers?.length) describeContainers(w, 'Init Containers', t.spec.initContainers, undefined, '  ');
  describeContainers(w, 'Containers', t.spec?.containers ?? [], undefined, '  ');
  describeVolumes(w, t.spec?.volumes, '  ');
  labelsMultiline(w, 'Node-Selectors', t.spec?.nodeSelector, '  ');
  tolerationsMultiline(w, 'Tolerations', t.spec?.tolerations, '  ');
  if (t.spec?.priorityClassName) w.write(1, `Priority Class Name:\t${t.spec.priorityClassName}\n`);
}
