import { hex16 } from '../../../domain/etcd/ids.ts';
import type { MemberInfo, ResponseHeader } from '../../components/etcd/etcd.ts';
import { Etcd, ETCD_VERSION } from '../../components/etcd/etcd.ts';
import type { DeleteRangeResponse, KeyValue, PutResponse, RangeResponse, TxnOpResponse, TxnResponse } from '../../components/etcd/mvcc.ts';
import type { WatchResponsePayload } from '../../components/etcd/watch-hub.ts';
import type { Actor, Delivery } from '../../runtime/actor.ts';
import type { Simulation } from '../../runtime/simulation.ts';
import type { CommandInput, CommandResult } from '../kubectl/client.ts';
import { parseGoDuration } from '../kubectl/flags.ts';
import { EXIT, isEtcdctlArgsError, parseEtcdctlArgs, type EtcdctlCommand, type Globals } from './args.ts';
import {
  goJson,
  jsonDel,
  jsonHeader,
  jsonLeaseGrant,
  jsonMemberList,
  jsonPut,
  jsonRange,
  jsonTimeToLive,
  jsonTxn,
  jsonWatch,
  leaseGranted,
  leaseRevoked,
  leaseTimeToLive,
  simpleDel,
  simpleGet,
  simpleMemberList,
  simplePut,
  simpleStatus,
  simpleWatchEvents,
  tableMemberList,
  tableStatus,
  type PrintOptions,
  type StatusRow,
} from './print.ts';
import { parseTxnInput } from './txn-input.ts';

type Reply = Record<string, unknown> & { error?: string };

/** etcdctl's --command-timeout default (ctlv3/ctl.go defaultCommandTimeOut). */
const DEFAULT_COMMAND_TIMEOUT = 5_000_000;

/** --command-timeout as given (parseEtcdctlArgs has checked it is a duration), in µs. */
function commandTimeout(argv: readonly string[]): number {
  for (let i = 0; i < argv.length; i++) {
    const t = argv[i] as string;
    const v = t.startsWith('--command-timeout=') ? t.slice('--command-timeout='.length) : t === '--command-timeout' ? argv[i + 1] : undefined;
    if (v !== undefined) return parseGoDuration(v) ?? DEFAULT_COMMAND_TIMEOUT;
  }
  return DEFAULT_COMMAND_TIMEOUT;
}

/** A command still running in a second terminal (`etcdctl watch`) can be stopped with Ctrl-C. */
export interface BackgroundInput extends CommandInput {
  /** Called once the command keeps running; `interrupt` stops it and returns what it printed. */
  detach?: (interrupt: () => CommandResult) => void;
}

/**
 * etcdctl (API v3) as a client of the simulated etcd: each command becomes the gRPC calls the
 * real one makes (KV Range/Put/DeleteRange/Txn/Compact, Lease*, Watch, Maintenance Status) and
 * prints what etcdctl 3.4 prints, on stdout and stderr, with its exit codes.
 */
export class Etcdctl implements Actor {
  readonly id = 'etcdctl';
  private readonly pending = new Map<number, (payload: Reply) => void>();
  private readonly watches = new Map<number, (payload: WatchResponsePayload) => void>();
  private timeout = DEFAULT_COMMAND_TIMEOUT;
  /** The member the command's client is connected to (the first --endpoints entry that reaches one). */
  private target: string;

  constructor(
    private readonly sim: Simulation,
    readonly host: string,
    private readonly etcdId: string,
    private readonly clientURLs: string[],
  ) {
    this.target = etcdId;
  }

  receive(msg: Delivery): void {
    if (msg.replyTo === undefined) return;
    if (msg.op === 'WatchResponse') {
      this.watches.get(msg.replyTo)?.(msg.payload as WatchResponsePayload);
      return;
    }
    const done = this.pending.get(msg.replyTo);
    this.pending.delete(msg.replyTo);
    done?.(msg.payload as Reply);
  }

  execute(input: BackgroundInput, done: (r: CommandResult) => void): void {
    const parsed = parseEtcdctlArgs(input.argv);
    if (isEtcdctlArgsError(parsed)) {
      done(parsed);
      return;
    }
    const { command } = parsed;
    this.timeout = commandTimeout(input.argv);
    // Without --endpoints, the terminal is taken to have ETCDCTL_ENDPOINTS set to the scenario's
    // etcd (its first client URL), as the tours' instructions say to export it.
    const globals = { ...parsed.globals, endpoints: parsed.globals.endpoints ?? this.clientURLs.slice(0, 1) };
    // clientv3.New blocks until it has a connection to one of the endpoints (the balancer's
    // first ready one), or gives up after --dial-timeout (2 s).
    const target = globals.endpoints.map((e) => this.resolve(e)).find((a) => a !== undefined);
    if (target === undefined) {
      this.sim.after(2_000_000, () => done({ exitCode: EXIT.error, stdout: '', stderr: `Error: context deadline exceeded\n` }));
      return;
    }
    this.target = target;
    const tables = command.cmd === 'endpoint status' || command.cmd === 'member list';
    if (globals.writeOut === 'fields' || globals.writeOut === 'protobuf' || (globals.writeOut === 'table' && !tables)) {
      done({ exitCode: EXIT.badFeature, stdout: '', stderr: `Error: -w ${globals.writeOut} is not simulated yet in this release of kube-anatomy (simulated: simple, json${tables ? ', table' : ''})\n` });
      return;
    }
    this.run(command, globals, input, done);
  }

  /**
   * The member an endpoint reaches: the one with that client URL, or listening on that port of
   * loopback (all members run on the etcd host, as etcdctl does). Undefined: nothing listens there.
   */
  private resolve(endpoint: string): string | undefined {
    const hostPort = (u: string): [string, string] => {
      const m = /^(?:[a-z]+:\/\/)?([^:/]+)(?::(\d+))?/.exec(u);
      return [m?.[1] ?? '', m?.[2] ?? '2379'];
    };
    const [host, port] = hostPort(endpoint);
    const matches = (urls: readonly string[]): boolean =>
      urls.some((u) => {
        const [h, p] = hostPort(u);
        return p === port && (h === host || host === '127.0.0.1' || host === 'localhost');
      });
    return this.members().find((m) => matches(m.urls))?.actor;
  }

  /** The etcd members and their client URLs: the scenario's etcd and, in a cluster, its peers. */
  private members(): { actor: string; urls: readonly string[] }[] {
    const etcd = this.sim.network.actor(this.etcdId);
    if (!(etcd instanceof Etcd)) return [{ actor: this.etcdId, urls: this.clientURLs }];
    return [etcd, ...etcd.peers].map((m) => ({ actor: m.id, urls: m.config.advertiseClientURLs }));
  }

  /**
   * One unary call under the command's deadline (ctlv3 commandCtx): when it passes first, clientv3
   * gives up with the context's error, whatever the server still does.
   */
  private call(op: string, payload: unknown, cause: number, attrs: Record<string, unknown>, then: (r: Reply) => void, dest: { to: string | undefined } = { to: this.target }): void {
    const { to } = dest;
    if (to === undefined) {
      // An endpoint nobody listens on: clientv3 retries the connection until the deadline.
      this.sim.after(this.timeout, () => then({ error: 'context deadline exceeded' }), { label: 'etcdctl --command-timeout' });
      return;
    }
    // The deadline travels with the call (gRPC's grpc-timeout header): the server gives up then too.
    const { id } = this.sim.network.send(this.id, to, op, { payload: { ...(payload as object), grpcTimeout: this.timeout }, cause, attrs });
    const deadline = this.sim.after(this.timeout, () => {
      if (!this.pending.delete(id)) return;
      then({ error: 'context deadline exceeded' });
    }, { label: 'etcdctl --command-timeout' });
    this.pending.set(id, (r) => {
      this.sim.cancel(deadline);
      then(r);
    });
  }

  private run(c: EtcdctlCommand, g: Globals & { endpoints: string[] }, input: BackgroundInput, done: (r: CommandResult) => void): void {
    const o: PrintOptions = { hex: g.hex };
    const json = g.writeOut === 'json';
    const ok = (stdout: string): void => done({ exitCode: 0, stdout, stderr: '' });
    const failed = (r: Reply): boolean => {
      if (!r.error) return false;
      done({ exitCode: EXIT.error, stdout: '', stderr: `Error: ${r.error}\n` });
      return true;
    };
    const header = (r: Reply): ResponseHeader => r.header as ResponseHeader;
    switch (c.cmd) {
      case 'put': {
        // argOrStdin: a value given as an argument may be empty; one read from stdin may not.
        const value = c.value ?? (input.stdin === '' ? undefined : input.stdin);
        if (value === undefined) {
          done({ exitCode: EXIT.badArgs, stdout: '', stderr: 'Error: put command needs 1 argument and input from stdin or 2 arguments\n' });
          return;
        }
        const req = { key: c.key, value, ...(c.lease !== '0' ? { lease: c.lease } : {}), ...(c.prevKv ? { prevKv: true } : {}) };
        this.call('Put', req, input.cause, { key: c.key }, (r) => {
          if (failed(r)) return;
          const res = r as unknown as PutResponse;
          ok(json ? `${goJson(jsonPut(res, true))}\n` : simplePut(res.prevKv, o));
        });
        return;
      }
      case 'get': {
        const req = { key: c.range.key, ...(c.range.rangeEnd !== undefined ? { rangeEnd: c.range.rangeEnd } : {}), revision: c.rev, limit: c.limit, keysOnly: c.keysOnly, countOnly: c.countOnly, sortOrder: c.sortOrder, sortTarget: c.sortTarget };
        this.call('Range', req, input.cause, { key: c.range.key, ...(c.range.rangeEnd !== undefined ? { rangeEnd: c.range.rangeEnd } : {}) }, (r) => {
          if (failed(r)) return;
          const res = r as unknown as RangeResponse;
          if (json) ok(`${goJson(jsonRange(res, true))}\n`);
          else if (c.countOnly) ok(`${res.count}\n`);
          else ok(simpleGet(res.kvs, { ...o, valueOnly: c.printValueOnly }));
        });
        return;
      }
      case 'del': {
        const req = { key: c.range.key, ...(c.range.rangeEnd !== undefined ? { rangeEnd: c.range.rangeEnd } : {}), ...(c.prevKv ? { prevKv: true } : {}) };
        this.call('DeleteRange', req, input.cause, { key: c.range.key }, (r) => {
          if (failed(r)) return;
          const res = r as unknown as DeleteRangeResponse;
          ok(json ? `${goJson(jsonDel(res, true))}\n` : simpleDel(res.deleted, res.prevKvs, o));
        });
        return;
      }
      case 'txn': {
        const parsed = parseTxnInput(input.stdin ?? '');
        if ('exitCode' in parsed) {
          done(parsed);
          return;
        }
        const prompts = c.interactive ? 'compares:\nsuccess requests (get, put, del):\nfailure requests (get, put, del):\n' : '';
        this.call('Txn', { compare: parsed.compare, success: parsed.success, failure: parsed.failure }, input.cause, { compares: parsed.compare.length }, (r) => {
          if (r.error) {
            done({ exitCode: EXIT.error, stdout: prompts, stderr: `Error: ${r.error}\n` });
            return;
          }
          const res = r as unknown as TxnResponse & { header: ResponseHeader };
          if (json) {
            ok(`${prompts}${goJson(jsonTxn(res))}\n`);
            return;
          }
          const cmds = res.succeeded ? parsed.successOps : parsed.failureOps;
          let out = `${prompts}${res.succeeded ? 'SUCCESS' : 'FAILURE'}\n`;
          res.responses.forEach((op, i) => {
            out += `\n${simpleTxnOp(op, cmds[i], o)}`;
          });
          ok(out);
        });
        return;
      }
      case 'watch':
        this.watch(c, json, o, input, done);
        return;
      case 'compaction':
        this.call('Compact', { revision: c.rev, physical: c.physical }, input.cause, { revision: c.rev }, (r) => {
          if (failed(r)) return;
          ok(json ? `${goJson({ header: jsonHeader(header(r)) })}\n` : `compacted revision ${c.rev}\n`);
        });
        return;
      case 'lease grant':
        this.call('LeaseGrant', { ttl: c.ttl }, input.cause, { ttl: c.ttl }, (r) => {
          if (r.error) {
            done({ exitCode: EXIT.error, stdout: '', stderr: `Error: failed to grant lease (${r.error})\n` });
            return;
          }
          ok(json ? `${jsonLeaseGrant(header(r), String(r.id), Number(r.ttl))}\n` : leaseGranted(String(r.id), Number(r.ttl)));
        });
        return;
      case 'lease revoke':
        this.call('LeaseRevoke', { id: c.id }, input.cause, { id: c.id }, (r) => {
          if (r.error) {
            done({ exitCode: EXIT.error, stdout: '', stderr: `Error: failed to revoke lease (${r.error})\n` });
            return;
          }
          ok(json ? `${goJson({ header: jsonHeader(header(r)) })}\n` : leaseRevoked(c.id));
        });
        return;
      case 'lease timetolive':
        this.call('LeaseTimeToLive', { id: c.id, keys: c.keys }, input.cause, { id: c.id }, (r) => {
          if (failed(r)) return;
          const keys = c.keys ? (r.keys as string[]) : undefined;
          ok(json ? `${jsonTimeToLive(header(r), c.id, Number(r.ttl), Number(r.grantedTTL), keys)}\n` : leaseTimeToLive(c.id, Number(r.ttl), Number(r.grantedTTL), keys));
        });
        return;
      case 'lease keep-alive':
        this.call('LeaseKeepAlive', { id: c.id }, input.cause, { id: c.id }, (r) => {
          if (r.error) {
            done({ exitCode: EXIT.error, stdout: '', stderr: `lease ${c.id} expired or revoked.\n` });
            return;
          }
          const line = `lease ${hex16(BigInt(`0x${c.id}`))} keepalived with TTL(${Number(r.ttl)})\n`;
          ok(line);
        });
        return;
      case 'endpoint status':
        if (!c.cluster) {
          this.statuses(g.endpoints, g.writeOut, input.cause, done);
          return;
        }
        // endpointsFromCluster (ctlv3/command/ep_command.go): every client URL of the member list.
        this.call('MemberList', {}, input.cause, {}, (r) => {
          if (r.error) {
            done({ exitCode: EXIT.error, stdout: '', stderr: `Error: failed to fetch endpoints from etcd cluster member list: ${r.error}\n` });
            return;
          }
          this.statuses((r.members as MemberInfo[]).flatMap((m) => m.clientURLs), g.writeOut, input.cause, done);
        });
        return;
      case 'member list':
        this.call('MemberList', {}, input.cause, {}, (r) => {
          if (failed(r)) return;
          const members = r.members as MemberInfo[];
          ok(json ? `${jsonMemberList(header(r), members)}\n` : g.writeOut === 'table' ? tableMemberList(members) : simpleMemberList(members));
        });
        return;
      case 'version':
        ok(`etcdctl version: ${ETCD_VERSION}\nAPI version: 3.4\n`);
        return;
    }
  }

  /**
   * epStatusCommandFunc: one Status call per endpoint, one after another, each under its own
   * deadline and to that endpoint itself; a failure is said on stderr and the rest go on. The
   * statuses that came back are printed together, and any failure makes the exit code 1.
   */
  private statuses(endpoints: readonly string[], writeOut: Globals['writeOut'], cause: number, done: (r: CommandResult) => void): void {
    const rows: StatusRow[] = [];
    const statuses: unknown[] = [];
    let stderr = '';
    const next = (i: number): void => {
      const endpoint = endpoints[i];
      if (endpoint === undefined) {
        const stdout = writeOut === 'json' ? `${goJson(statuses)}\n` : writeOut === 'table' ? tableStatus(rows) : simpleStatus(rows);
        done({ exitCode: stderr === '' ? 0 : EXIT.error, stdout, stderr });
        return;
      }
      this.call('Status', {}, cause, { endpoint }, (r) => {
        if (r.error) stderr += `Failed to get the status of endpoint ${endpoint} (${r.error})\n`;
        else {
          const h = r.header as ResponseHeader;
          const errors = Array.isArray(r.errors) ? (r.errors as string[]) : [];
          rows.push({ endpoint, memberId: h.memberId, version: String(r.version), dbSize: Number(r.dbSize), isLeader: r.leader === h.memberId, raftTerm: Number(r.raftTerm), raftIndex: Number(r.raftIndex), raftAppliedIndex: Number(r.raftAppliedIndex), errors });
          // A member that knows no leader reports leader 0 (left out, omitempty) and the error "no leader".
          const leader = String(r.leader) !== '0' ? { leader: { raw: String(r.leader) } } : {};
          statuses.push({ Endpoint: endpoint, Status: { header: jsonHeader(h), version: r.version, dbSize: r.dbSize, ...leader, raftIndex: r.raftIndex, raftTerm: r.raftTerm, raftAppliedIndex: r.raftAppliedIndex, ...(errors.length > 0 ? { errors } : {}), dbSizeInUse: r.dbSizeInUse } });
        }
        next(i + 1);
      }, { to: this.resolve(endpoint) });
    };
    next(0);
  }

  /**
   * `etcdctl watch`: opens a watch and keeps printing until interrupted; a watch the server
   * cancels (its revision was compacted) ends with exit code 5.
   */
  private watch(c: Extract<EtcdctlCommand, { cmd: 'watch' }>, json: boolean, o: PrintOptions, input: BackgroundInput, done: (r: CommandResult) => void): void {
    let stdout = '';
    let finished = false;
    const req = { key: c.range.key, ...(c.range.rangeEnd !== undefined ? { rangeEnd: c.range.rangeEnd } : {}), startRevision: c.rev, prevKv: c.prevKv, progressNotify: c.progressNotify };
    const to = this.target;
    const { id } = this.sim.network.send(this.id, to, 'Watch', { payload: req, cause: input.cause, attrs: { key: c.range.key, ...(c.range.rangeEnd !== undefined ? { rangeEnd: c.range.rangeEnd } : {}), startRevision: c.rev } });
    let serverWatchId: number | undefined;
    this.watches.set(id, (res) => {
      if (res.created) serverWatchId = res.watchId;
      if (finished || res.created) return;
      if (res.canceled) {
        finished = true;
        this.watches.delete(id);
        if (json) stdout += `${jsonWatch({ header: res.header as ResponseHeader, events: [], compactRevision: res.compactRevision ?? 0, canceled: true })}\n`;
        const reason = res.cancelReason ? `watch was canceled (${res.cancelReason})\n` : '';
        done({ exitCode: EXIT.interrupted, stdout, stderr: `${reason}Error: watch is canceled by the server\n` });
        return;
      }
      // A progress notification has no events; etcdctl prints it only as JSON.
      if (json) stdout += `${jsonWatch({ header: res.header as ResponseHeader, events: res.events })}\n`;
      else stdout += simpleWatchEvents(res.events, o);
    });
    input.detach?.(() => {
      finished = true;
      this.watches.delete(id);
      if (serverWatchId !== undefined) this.sim.network.send(this.id, to, 'WatchCancel', { payload: { watchId: serverWatchId }, attrs: { watchId: serverWatchId, interrupted: true } });
      return { exitCode: 130, stdout, stderr: '' };
    });
  }
}

function simpleTxnOp(op: TxnOpResponse, cmd: EtcdctlCommand | undefined, o: PrintOptions): string {
  if ('responsePut' in op) return simplePut(op.responsePut.prevKv, o);
  if ('responseDeleteRange' in op) return simpleDel(op.responseDeleteRange.deleted, op.responseDeleteRange.prevKvs, o);
  const valueOnly = cmd?.cmd === 'get' && cmd.printValueOnly;
  return simpleGet(op.responseRange.kvs as KeyValue[], { ...o, valueOnly });
}
