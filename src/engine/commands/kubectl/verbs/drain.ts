import { parseSelectorRequirements, requirementsToString } from '../../../../domain/k8s/labels.ts';
import type { KubeObject } from '../../../../domain/k8s/objects.ts';
import { apiPath, kubectlObjectName, resourceByName, type ResourceInfo } from '../../../../domain/k8s/resources.ts';
import type { NodeMaintenanceCommand } from '../args.ts';
import { goQuote } from '../flags.ts';
import { statusOf, type KubectlContext } from './context.ts';
import { aggregate, checkErrText, errorText, statusError, type GoError } from './drain-errors.ts';
import { deleteOrEvictPods, getPodsForDeletion, type DrainHelper, type Terminal } from './drain-pods.ts';

/**
 * `kubectl drain NODE…` after k8s.io/kubectl/pkg/cmd/drain/drain.go (Complete, RunDrain,
 * RunCordonOrUncordon, deleteOrEvictPodsSimple) and pkg/drain/cordon.go:
 *
 * 1. the nodes are looked up (a GET per name, or a list with --selector), a missing one ends it;
 * 2. every node is cordoned (`node/node-2 cordoned` or `already cordoned`), with the same
 *    strategic merge patch `kubectl cordon` sends;
 * 3. node by node: its pods are listed and filtered; warnings go to stderr ("Warning: …"); the
 *    pods are evicted and waited for (see drain-pods.ts); `node/node-2 drained` on success, or
 *    "error: unable to drain node …, continuing command..." and on to the next node;
 * 4. "There are pending nodes to be drained:" and CheckErr's lines for the nodes that failed.
 *
 * "evicting pod", "pod/… evicted" and the node lines are on stdout (d.Out, o.Out); warnings,
 * retries and errors on stderr.
 */

const nodeInfo = (): ResourceInfo => resourceByName('nodes') as ResourceInfo;

type Node = KubeObject & { spec?: { unschedulable?: boolean } };

export function drain(ctx: KubectlContext, cmd: NodeMaintenanceCommand): void {
  let stdout = '';
  let stderr = '';
  const term: Terminal = {
    out: (t) => void (stdout += t),
    err: (t) => void (stderr += t),
  };
  const exit = (code: number): void => ctx.done({ exitCode: code, stdout, stderr });
  const fail = (err: GoError): void => {
    stderr += checkErrText(err);
    exit(1);
  };

  if (cmd.dryRun === 'server') {
    ctx.done({ exitCode: 1, stdout: '', stderr: 'error: "kubectl drain --dry-run=server" is not simulated yet in this release of kube-anatomy (simulated: --dry-run=none|client)\n' });
    return;
  }
  // Complete: the pod selector must parse; it is sent as labels.Parse(…).String() prints it.
  let podSelector: string | undefined;
  if (cmd.podSelector) {
    try {
      podSelector = requirementsToString(parseSelectorRequirements(cmd.podSelector));
    } catch {
      fail({ kind: 'plain', message: '--pod-selector=<pod_selector> must be a valid label selector' });
      return;
    }
  }
  const helper: DrainHelper = {
    force: cmd.force,
    ignoreDaemonsets: cmd.ignoreDaemonsets,
    deleteEmptydirData: cmd.deleteEmptydirData,
    gracePeriod: cmd.gracePeriod,
    timeout: cmd.timeout,
    disableEviction: cmd.disableEviction,
    skipWaitForDeleteTimeout: cmd.skipWaitForDeleteTimeout,
    chunkSize: cmd.chunkSize,
    ...(podSelector ? { podSelector } : {}),
  };
  // PrintFlagsWithDryRunStrategy: the name printer's operation gets " (dry run)".
  const dry = cmd.dryRun === 'client';
  const op = (word: string): string => (dry ? `${word} (dry run)` : word);

  lookUpNodes(ctx, cmd, (nodes, seq) => {
    cordonAll(ctx, nodes, dry, term, op, seq, (seq2) => {
      const fatal: GoError[] = [];
      const remaining: string[] = [];
      const next = (i: number, c: number): void => {
        const node = nodes[i];
        if (!node) {
          if (remaining.length > 0) stderr += `There are pending nodes to be drained:\n${remaining.map((n) => ` ${n}\n`).join('')}`;
          const err = aggregate(fatal);
          if (err) fail(err);
          else exit(0);
          return;
        }
        const name = node.metadata.name ?? '';
        drainNode(ctx, helper, name, dry, term, c, (err, s) => {
          if (err) {
            stderr += `error: unable to drain node ${goQuote(name)} due to error: ${errorText(err)}, continuing command...\n`;
            fatal.push(err);
            remaining.push(name);
          } else stdout += `${kubectlObjectName(nodeInfo(), name)} ${op('drained')}\n`;
          next(i + 1, s);
        });
      };
      next(0, seq2);
    });
  }, fail);
}

/**
 * Complete's resource builder: GET /api/v1/nodes/NAME for each name (the first error ends the
 * command), or GET /api/v1/nodes?labelSelector=…&limit=N with --selector.
 */
function lookUpNodes(ctx: KubectlContext, cmd: NodeMaintenanceCommand, then: (nodes: Node[], seq: number) => void, fail: (err: GoError) => void): void {
  const info = nodeInfo();
  if (cmd.nodes.length === 0) {
    const query: Record<string, string> = { labelSelector: cmd.selector ?? '', ...(cmd.chunkSize > 0 ? { limit: String(cmd.chunkSize) } : {}) };
    ctx.api.request('GET', apiPath(info), { query, cause: ctx.input.cause }, (res, d) => {
      if (res.code !== 200) fail(statusError(res));
      else then((res.body as { items?: Node[] }).items ?? [], d.seq);
    });
    return;
  }
  const nodes: Node[] = [];
  const get = (i: number, c: number): void => {
    const name = cmd.nodes[i];
    if (name === undefined) {
      then(nodes, c);
      return;
    }
    ctx.api.request('GET', apiPath(info, undefined, name), { cause: c }, (res, d) => {
      if (res.code !== 200) {
        fail(statusError(res));
        return;
      }
      nodes.push(res.body as Node);
      get(i + 1, d.seq);
    });
  };
  get(0, ctx.input.cause);
}

/**
 * RunCordonOrUncordon(true) with CordonHelper: nothing to do when spec.unschedulable is already
 * set; otherwise the two-way merge patch {"spec":{"unschedulable":true}} (skipped by a client
 * dry run). A failed patch prints "error: unable to cordon node …" and drain goes on anyway.
 */
function cordonAll(ctx: KubectlContext, nodes: Node[], dry: boolean, term: Terminal, op: (w: string) => string, cause: number, then: (seq: number) => void): void {
  const info = nodeInfo();
  const next = (i: number, c: number): void => {
    const node = nodes[i];
    if (!node) {
      then(c);
      return;
    }
    const name = node.metadata.name ?? '';
    if (node.spec?.unschedulable === true) {
      term.out(`${kubectlObjectName(info, name)} ${op('already cordoned')}\n`);
      next(i + 1, c);
      return;
    }
    if (dry) {
      term.out(`${kubectlObjectName(info, name)} ${op('cordoned')}\n`);
      next(i + 1, c);
      return;
    }
    ctx.api.request('PATCH', apiPath(info, undefined, name), { body: { spec: { unschedulable: true } }, contentType: 'application/strategic-merge-patch+json', cause: c }, (res, d) => {
      if (res.code === 200) term.out(`${kubectlObjectName(info, name)} ${op('cordoned')}\n`);
      else term.err(`error: unable to cordon node ${goQuote(name)}: ${statusOf(res).message}\n`);
      next(i + 1, d.seq);
    });
  };
  next(0, cause);
}

/**
 * deleteOrEvictPodsSimple: list and filter, print the warnings, then evict (or, on a client dry
 * run, only say so). After a failed eviction the pods are listed again to name the ones left.
 */
function drainNode(ctx: KubectlContext, h: DrainHelper, nodeName: string, dry: boolean, term: Terminal, cause: number, done: (err: GoError | undefined, seq: number) => void): void {
  getPodsForDeletion(ctx, h, nodeName, cause, ({ list, errors }, seq) => {
    if (errors || !list) {
      done(aggregate(errors ?? []), seq);
      return;
    }
    const warnings = list.warnings();
    // printers.WarningPrinter, without colour: the terminal of a script is not a tty.
    if (warnings) term.err(`Warning: ${warnings}\n`);
    const pods = list.pods();
    if (dry) {
      for (const p of pods) term.out(`evicting pod ${p.metadata.namespace ?? ''}/${p.metadata.name ?? ''} (dry run)\n`);
      done(undefined, seq);
      return;
    }
    deleteOrEvictPods(ctx, h, pods, term, seq, (err, seq2) => {
      if (!err) {
        done(undefined, seq2);
        return;
      }
      getPodsForDeletion(ctx, h, nodeName, seq2, (again, seq3) => {
        const left = again.list?.pods() ?? [];
        if (left.length > 0) {
          term.err(`There are pending pods in node ${goQuote(nodeName)} when an error occurred: ${errorText(err)}\n${left.map((p) => `pod/${p.metadata.name ?? ''}\n`).join('')}`);
        }
        // Upstream prints this one without a final newline.
        if (again.errors) term.err(`Following errors occurred while getting the list of pods to delete:\n${errorText(aggregate(again.errors) as GoError)}`);
        done(err, seq3);
      });
    });
  });
}
