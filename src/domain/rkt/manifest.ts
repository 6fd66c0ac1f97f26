import { RKT_VERSION } from './flavours.ts';
import { goJsonIndent, goJsonMarshal, goMap, type GoJson } from './go-json.ts';
import type { AciImage } from './images.ts';

/**
 * The appc pod manifest stage0 writes to the pod directory's `pod` file (stage0/run.go
 * generatePodManifest; appc spec schema/pod.go for field names and order). `rkt run` and
 * `rkt app sandbox` both write one; the difference is the annotation
 * `coreos.com/rkt/stage1/mutable`: "false" for `rkt run` (the app set is fixed), "true" for
 * `rkt app sandbox` (apps are added and removed later, pkg/pod/sandbox.go).
 */

export const MUTABLE_ANNOTATION = 'coreos.com/rkt/stage1/mutable';

export interface Volume {
  name: string;
  kind: 'host' | 'empty';
  source?: string;
  readOnly?: boolean;
}

export interface Mount {
  volume: string;
  path: string;
  appVolume?: Volume;
}

export interface RuntimeApp {
  name: string;
  image: { name: string; id: string; labels: { name: string; value: string }[] };
  app: {
    exec: string[];
    user: string;
    group: string;
    workingDirectory?: string;
    environment?: { name: string; value: string }[];
    mountPoints?: { name: string; path: string; readOnly?: boolean }[];
    ports?: { name: string; protocol: string; port: number; count: number; socketActivated: boolean }[];
    userAnnotations?: Record<string, string>;
    userLabels?: Record<string, string>;
  };
  mounts?: Mount[];
}

export interface PodManifest {
  acVersion: string;
  acKind: 'PodManifest';
  apps: RuntimeApp[];
  volumes: Volume[] | null;
  isolators: null;
  annotations: { name: string; value: string }[];
  ports: { name: string; hostPort: number }[] | null;
  userAnnotations?: Record<string, string>;
  userLabels?: Record<string, string>;
}

/** One app as `rkt run IMAGE [--name= --exec= …]` or `rkt app add` describe it (common/apps). */
export interface AppRequest {
  image: AciImage;
  /** --name; default: the image name's last element (imageNameToAppName). */
  name: string;
  /** --exec replaces the image's exec[0]; args after `--` replace its arguments. */
  exec?: string;
  args?: string[];
  environment?: { name: string; value: string }[];
  workingDirectory?: string;
  userAnnotations?: Record<string, string>;
  userLabels?: Record<string, string>;
  mounts?: Mount[];
}

/** The image's labels as the runtime image carries them (version, os, arch). */
function imageLabels(img: AciImage): { name: string; value: string }[] {
  return [
    { name: 'version', value: img.version },
    { name: 'os', value: 'linux' },
    { name: 'arch', value: 'amd64' },
  ];
}

/** stage0/common.go generateRuntimeApp: the image's app section with the command line's overrides. */
export function runtimeApp(req: AppRequest): RuntimeApp {
  const base = req.image.app ?? { exec: [], user: '0', group: '0' };
  let exec = [...base.exec];
  if (req.exec !== undefined) exec = [req.exec];
  if (req.args !== undefined) exec = [...exec.slice(0, 1), ...req.args];
  const app: RuntimeApp['app'] = { exec, user: base.user, group: base.group };
  const wd = req.workingDirectory ?? base.workingDirectory;
  if (wd) app.workingDirectory = wd;
  if (req.environment && req.environment.length > 0) app.environment = [...req.environment];
  if (base.mountPoints) app.mountPoints = base.mountPoints.map((m) => ({ ...m }));
  if (base.ports) app.ports = base.ports.map((p) => ({ ...p }));
  if (req.userAnnotations && Object.keys(req.userAnnotations).length > 0) app.userAnnotations = { ...req.userAnnotations };
  if (req.userLabels && Object.keys(req.userLabels).length > 0) app.userLabels = { ...req.userLabels };
  const ra: RuntimeApp = { name: req.name, image: { name: req.image.name, id: req.image.id, labels: imageLabels(req.image) }, app };
  if (req.mounts && req.mounts.length > 0) ra.mounts = req.mounts.map((m) => ({ ...m }));
  return ra;
}

export interface PodManifestOptions {
  apps: AppRequest[];
  volumes?: Volume[];
  mutable: boolean;
  userAnnotations?: Record<string, string>;
  userLabels?: Record<string, string>;
}

/** generatePodManifest: acVersion is rkt's own version; ports and volumes nil unless given. */
export function generatePodManifest(o: PodManifestOptions): PodManifest {
  const pm: PodManifest = {
    acVersion: RKT_VERSION,
    acKind: 'PodManifest',
    apps: o.apps.map(runtimeApp),
    volumes: o.volumes && o.volumes.length > 0 ? o.volumes.map((v) => ({ ...v })) : null,
    isolators: null,
    annotations: [{ name: MUTABLE_ANNOTATION, value: String(o.mutable) }],
    ports: null,
  };
  if (o.userAnnotations && Object.keys(o.userAnnotations).length > 0) pm.userAnnotations = { ...o.userAnnotations };
  if (o.userLabels && Object.keys(o.userLabels).length > 0) pm.userLabels = { ...o.userLabels };
  return pm;
}

/** SandboxManifest (pkg/pod/sandbox.go): the mutable annotation, "false" when absent. */
export function isMutable(pm: PodManifest): boolean {
  return pm.annotations.find((a) => a.name === MUTABLE_ANNOTATION)?.value === 'true';
}

/** Duplicate app names are refused (stage0/app_add.go: "error: multiple apps with name %s"). */
export function withApp(pm: PodManifest, ra: RuntimeApp): PodManifest | { error: string } {
  if (pm.apps.some((a) => a.name === ra.name)) return { error: `error: multiple apps with name ${ra.name}` };
  return { ...pm, apps: [...pm.apps, ra] };
}

export function withoutApp(pm: PodManifest, name: string): PodManifest | { error: string } {
  if (!pm.apps.some((a) => a.name === name)) return { error: `error: nonexistent app "${name}"` };
  return { ...pm, apps: pm.apps.filter((a) => a.name !== name) };
}

function volumeJson(v: Volume): GoJson {
  return { name: v.name, kind: v.kind, source: v.source, readOnly: v.readOnly };
}

function appJson(ra: RuntimeApp): GoJson {
  const a = ra.app;
  return {
    name: ra.name,
    image: { name: ra.image.name, id: ra.image.id, labels: ra.image.labels },
    app: {
      exec: a.exec,
      user: a.user,
      group: a.group,
      workingDirectory: a.workingDirectory,
      environment: a.environment,
      mountPoints: a.mountPoints?.map((m) => ({ name: m.name, path: m.path, readOnly: m.readOnly })),
      ports: a.ports,
      userAnnotations: goMap(a.userAnnotations),
      userLabels: goMap(a.userLabels),
    },
    mounts: ra.mounts?.map((m) => ({ volume: m.volume, path: m.path, appVolume: m.appVolume ? volumeJson(m.appVolume) : undefined })),
  };
}

/** The manifest as Go data, in schema/pod.go field order. */
export function podManifestJsonValue(pm: PodManifest): GoJson {
  return {
    acVersion: pm.acVersion,
    acKind: pm.acKind,
    apps: pm.apps.map(appJson),
    volumes: pm.volumes ? pm.volumes.map(volumeJson) : null,
    isolators: null,
    annotations: pm.annotations,
    ports: pm.ports,
    userAnnotations: goMap(pm.userAnnotations),
    userLabels: goMap(pm.userLabels),
  };
}

/** `rkt cat-manifest` (rkt/cat_manifest.go): MarshalIndent with a tab, or one line with --pretty-print=false. */
export function catManifest(pm: PodManifest, pretty = true): string {
  const v = podManifestJsonValue(pm);
  return `${pretty ? goJsonIndent(v) : goJsonMarshal(v)}\n`;
}
