import type { AppState, PodState } from '../../../domain/rkt/lifecycle.ts';
import type { NetInfo } from '../../../domain/rkt/network.ts';
import type { AppView, PodView } from '../../../domain/rkt/pod-view.ts';

/**
 * Reading rkt's `--format=json` output back, as rktlet does with encoding/json into rkt's
 * api/v1 types. Times are int64 nanoseconds, too large for a JavaScript number: they are read
 * as digits before JSON.parse (Go reads them exactly).
 */

function parse(text: string): unknown {
  return JSON.parse(text.replace(/(:\s*)(-?\d{16,})/g, '$1"$2"'));
}

const us = (ns: unknown): number | undefined => (ns === undefined ? undefined : Number(BigInt(String(ns)) / 1000n));

interface RawApp {
  name: string;
  state: AppState;
  created_at?: string;
  started_at?: string;
  finished_at?: string;
  exit_code?: number;
  image_id: string;
  mounts?: { name: string; container_path: string; host_path: string; read_only: boolean }[];
  user_annotations?: Record<string, string>;
  user_labels?: Record<string, string>;
}

interface RawPod {
  name: string;
  state: PodState;
  networks?: NetInfo[];
  apps?: RawApp[];
  started_at?: number;
  user_annotations?: Record<string, string>;
  user_labels?: Record<string, string>;
}

function app(a: RawApp): AppView {
  const v: AppView = { name: a.name, imageName: '', imageId: a.image_id, state: a.state };
  const c = us(a.created_at);
  const st = us(a.started_at);
  const f = us(a.finished_at);
  if (c !== undefined) v.createdAt = c;
  if (st !== undefined) v.startedAt = st;
  if (f !== undefined) v.finishedAt = f;
  if (a.exit_code !== undefined) v.exitCode = a.exit_code;
  if (a.user_annotations) v.userAnnotations = a.user_annotations;
  if (a.user_labels) v.userLabels = a.user_labels;
  if (a.mounts) v.mounts = a.mounts.map((m) => ({ name: m.name, containerPath: m.container_path, hostPath: m.host_path, readOnly: m.read_only }));
  return v;
}

function pod(p: RawPod): PodView {
  const v: PodView = { uuid: p.name, state: p.state, nets: p.networks ?? [], mutable: false };
  if (p.apps) v.apps = p.apps.map(app);
  if (p.started_at !== undefined) v.startedAt = Number(p.started_at) * 1_000_000;
  if (p.user_annotations) v.userAnnotations = p.user_annotations;
  if (p.user_labels) v.userLabels = p.user_labels;
  return v;
}

export function parsePodJson(text: string): PodView {
  return pod(parse(text) as RawPod);
}

export function parsePodsJson(text: string): PodView[] {
  return ((parse(text) as RawPod[] | null) ?? []).map(pod);
}

export function parseAppJson(text: string): AppView {
  return app(parse(text) as RawApp);
}

export function parseImagesJson(text: string): { id: string; name: string; size: number }[] {
  return ((parse(text) as { id: string; name: string; size: number }[] | null) ?? []).map((e) => ({ id: e.id, name: e.name, size: Number(e.size) }));
}
