import type { Delivery } from '../../runtime/actor.ts';
import type { Simulation } from '../../runtime/simulation.ts';

/** Docker Engine 28.5 and the Engine API version it serves (and the docker CLI 28.5 asks for). */
export const DOCKER_VERSION = '28.5.1';
export const ENGINE_API_VERSION = '1.51';

/** One HTTP request to dockerd's /var/run/docker.sock (Engine API v1.51). */
export interface EngineRequest {
  method: 'GET' | 'POST' | 'DELETE';
  /** Without the version prefix: /containers/create, /containers/{id}/start. */
  path: string;
  query?: Record<string, string>;
  body?: unknown;
}

/** Its answer: the HTTP status and the JSON body ({message} on errors); a pull streams JSON messages. */
export interface EngineResponse {
  status: number;
  body?: unknown;
  stream?: { id?: string; status: string }[];
}

/** The container config the CLI (or dockershim) sends to POST /containers/create. */
export interface ContainerCreateBody {
  Image: string;
  Cmd?: string[];
  /** Replaces the image's ENTRYPOINT (and then its CMD too, as in moby daemon/create.go). */
  Entrypoint?: string[];
  Env?: string[];
  WorkingDir?: string;
  Labels?: Record<string, string>;
  ExposedPorts?: Record<string, Record<string, never>>;
  HostConfig?: {
    PortBindings?: Record<string, { HostIp: string; HostPort: string }[]>;
    /** "default" (docker0), "none" (a netns with only lo), "host", or "container:<id>" (join its netns). */
    NetworkMode?: string;
    /** "container:<id>" joins that container's IPC namespace. */
    IpcMode?: string;
    /** "container:<id>" joins that container's PID namespace. */
    PidMode?: string;
  };
}

/** An item of GET /containers/json. */
export interface ContainerSummary {
  Id: string;
  Names: string[];
  Image: string;
  Command: string;
  /** Unix seconds. */
  Created: number;
  Ports: { IP?: string; PrivatePort: number; PublicPort?: number; Type: string }[];
  State: string;
  Status: string;
  Labels?: Record<string, string>;
}

/** An item of GET /images/json. */
export interface ImageSummary {
  Id: string;
  RepoTags: string[];
  RepoDigests: string[];
  Created: number;
  Size: number;
}

/** The line of an Engine API request in the trace: `POST /v1.51/containers/create?name=web`. */
export function requestLine(req: EngineRequest, apiVersion: string = ENGINE_API_VERSION): string {
  const q = req.query && Object.keys(req.query).length > 0 ? `?${Object.entries(req.query).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}` : '';
  return `${req.method} /v${apiVersion}${req.path}${q}`;
}

/**
 * A client of dockerd's Engine API for any actor (the docker CLI, later dockershim): each call
 * is a message to dockerd/<host> and its answer. The owner passes every message it receives to
 * `handle`, which says whether it was an answer to one of these calls.
 */
export class EngineApiClient {
  private readonly pending = new Map<number, (res: EngineResponse, seq: number) => void>();

  constructor(
    private readonly sim: Simulation,
    private readonly from: string,
    readonly dockerd: string,
    /** The API version the client speaks (an older client, e.g. dockershim's vendored one, asks for less). */
    private readonly apiVersion: string = ENGINE_API_VERSION,
  ) {}

  call(req: EngineRequest, cause: number, then: (res: EngineResponse, seq: number) => void): void {
    const { id } = this.sim.network.send(this.from, this.dockerd, requestLine(req, this.apiVersion), { cause, payload: req, attrs: { method: req.method, path: req.path, ...(req.query ? { query: req.query } : {}) } });
    this.pending.set(id, then);
  }

  handle(msg: Delivery): boolean {
    if (msg.replyTo === undefined) return false;
    const then = this.pending.get(msg.replyTo);
    if (!then) return false;
    this.pending.delete(msg.replyTo);
    then(msg.payload as EngineResponse, msg.seq);
    return true;
  }

  containerCreate(name: string | undefined, body: ContainerCreateBody, cause: number, then: (res: EngineResponse, seq: number) => void): void {
    this.call({ method: 'POST', path: '/containers/create', ...(name !== undefined ? { query: { name } } : {}), body }, cause, then);
  }
  containerStart(id: string, cause: number, then: (res: EngineResponse, seq: number) => void): void {
    this.call({ method: 'POST', path: `/containers/${id}/start` }, cause, then);
  }
  containerStop(id: string, cause: number, then: (res: EngineResponse, seq: number) => void, timeoutSeconds?: number): void {
    this.call({ method: 'POST', path: `/containers/${id}/stop`, ...(timeoutSeconds !== undefined ? { query: { t: String(timeoutSeconds) } } : {}) }, cause, then);
  }
  containerRemove(id: string, force: boolean, cause: number, then: (res: EngineResponse, seq: number) => void): void {
    this.call({ method: 'DELETE', path: `/containers/${id}`, ...(force ? { query: { force: '1' } } : {}) }, cause, then);
  }
  containerInspect(id: string, cause: number, then: (res: EngineResponse, seq: number) => void): void {
    this.call({ method: 'GET', path: `/containers/${id}/json` }, cause, then);
  }
  containerWait(id: string, cause: number, then: (res: EngineResponse, seq: number) => void): void {
    this.call({ method: 'POST', path: `/containers/${id}/wait` }, cause, then);
  }
  /** `filters` as the Engine API takes them: {"label": {"k=v": true}, "id": {…: true}, "status": {…: true}}. */
  containerList(all: boolean, cause: number, then: (res: EngineResponse, seq: number) => void, filters?: Record<string, Record<string, boolean>>): void {
    const query: Record<string, string> = { ...(all ? { all: '1' } : {}), ...(filters && Object.keys(filters).length ? { filters: JSON.stringify(filters) } : {}) };
    this.call({ method: 'GET', path: '/containers/json', ...(Object.keys(query).length ? { query } : {}) }, cause, then);
  }
  imageInspect(name: string, cause: number, then: (res: EngineResponse, seq: number) => void): void {
    this.call({ method: 'GET', path: `/images/${name}/json` }, cause, then);
  }
  version(cause: number, then: (res: EngineResponse, seq: number) => void): void {
    this.call({ method: 'GET', path: '/version' }, cause, then);
  }
  imageCreate(fromImage: string, tag: string, cause: number, then: (res: EngineResponse, seq: number) => void): void {
    this.call({ method: 'POST', path: '/images/create', query: { fromImage, tag } }, cause, then);
  }
  imageList(cause: number, then: (res: EngineResponse, seq: number) => void): void {
    this.call({ method: 'GET', path: '/images/json' }, cause, then);
  }
}
