import type { AppState, PodState } from './lifecycle.ts';
import type { NetInfo } from './network.ts';

/**
 * What rkt's read-only commands (list, status, app list, app status, and rktlet through them)
 * read from a pod directory: its state, its manifest's apps, net-info.json, the mtimes of
 * pod-created (CreationTime) and pid/ppid (StartTime), and per app the created/started/status
 * files (lib/app.go). Times are Unix µs.
 */
export interface AppView {
  name: string;
  /** `<image name>:<version>` (list.go getImageName). */
  imageName: string;
  imageId: string;
  state: AppState;
  createdAt?: number;
  startedAt?: number;
  finishedAt?: number;
  exitCode?: number;
  userAnnotations?: Record<string, string>;
  userLabels?: Record<string, string>;
  mounts?: { name: string; containerPath: string; hostPath: string; readOnly: boolean }[];
}

export interface PodView {
  uuid: string;
  state: PodState;
  /** Absent while the manifest is not there yet (preparing, aborted prepare, deleting). */
  apps?: AppView[];
  nets: NetInfo[];
  createdAt?: number;
  startedAt?: number;
  pid?: number;
  mutable: boolean;
  userAnnotations?: Record<string, string>;
  userLabels?: Record<string, string>;
}
