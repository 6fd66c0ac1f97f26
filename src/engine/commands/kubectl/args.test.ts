import { describe, expect, it } from 'vitest';
import { tokenize } from '../tokenize.ts';
import { type KubectlArgsError, type KubectlCommand, isKubectlArgsError, parseKubectlArgs } from './args.ts';

const parse = (line: string): KubectlCommand | KubectlArgsError => parseKubectlArgs(tokenize(line));

function ok(line: string): KubectlCommand {
  const r = parse(line);
  if (isKubectlArgsError(r)) throw new Error(`unexpected error for ${line}: ${r.error}`);
  return r;
}

function err(line: string): KubectlArgsError {
  const r = parse(line);
  if (!isKubectlArgsError(r)) throw new Error(`expected an error for ${line}`);
  return r;
}

describe('parseKubectlArgs: get', () => {
  it('parses the plain form with defaults', () => {
    expect(ok('kubectl get pods')).toEqual({
      verb: 'get',
      resources: ['pods'],
      names: [],
      targets: [{ resource: 'pods' }],
      allNamespaces: false,
      output: 'table',
      watch: false,
      watchOnly: false,
      outputWatchEvents: false,
      showLabels: false,
      showKind: false,
      noHeaders: false,
      ignoreNotFound: false,
      labelColumns: [],
    });
  });

  it('accepts every spelling of -o and -n', () => {
    for (const line of ['kubectl get pods -o wide', 'kubectl get pods -o=wide', 'kubectl get pods -owide', 'kubectl get pods --output=wide', 'kubectl get pods --output wide']) {
      expect(ok(line)).toMatchObject({ output: 'wide' });
    }
    for (const line of ['kubectl get pods -n kube-system', 'kubectl get pods --namespace=kube-system', 'kubectl get pods -nkube-system', 'kubectl -n kube-system get pods', 'kubectl --namespace kube-system get pods']) {
      expect(ok(line)).toMatchObject({ namespace: 'kube-system', resources: ['pods'] });
    }
  });

  it('splits comma-separated types and crosses them with names', () => {
    const cmd = ok('kubectl get deploy,svc web api');
    expect(cmd).toMatchObject({
      resources: ['deploy', 'svc'],
      names: ['web', 'api'],
      targets: [
        { resource: 'deploy', name: 'web' },
        { resource: 'deploy', name: 'api' },
        { resource: 'svc', name: 'web' },
        { resource: 'svc', name: 'api' },
      ],
    });
  });

  it('parses the TYPE/NAME form', () => {
    expect(ok('kubectl get pod/web-1 rs/web-7d4b9c')).toMatchObject({
      resources: ['pod', 'rs'],
      names: ['web-1', 'web-7d4b9c'],
      targets: [
        { resource: 'pod', name: 'web-1' },
        { resource: 'rs', name: 'web-7d4b9c' },
      ],
    });
  });

  it('rejects mixing TYPE NAME and TYPE/NAME as kubectl does', () => {
    expect(err('kubectl get pods pod/web').error).toBe(
      "error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'\nSee 'kubectl get -h' for help and examples",
    );
  });

  it('reads bool flags, grouped shorthands and selectors', () => {
    expect(ok('kubectl get pods -Aw --show-labels -l app=web')).toMatchObject({
      allNamespaces: true,
      watch: true,
      showLabels: true,
      selector: 'app=web',
    });
    expect(ok('kubectl get pods --watch=false')).toMatchObject({ watch: false });
    expect(ok('kubectl get pods -L app -L tier,zone')).toMatchObject({ labelColumns: ['app', 'tier', 'zone'] });
  });

  it('reports flag errors in pflag words with kubectl usage hint', () => {
    expect(err('kubectl get pods -z').error).toBe("error: unknown shorthand flag: 'z' in -z\nSee 'kubectl get --help' for usage.");
    expect(err('kubectl get pods -wz').error).toBe("error: unknown shorthand flag: 'z' in -z\nSee 'kubectl get --help' for usage.");
    expect(err('kubectl get pods --frobnicate').error).toBe("error: unknown flag: --frobnicate\nSee 'kubectl get --help' for usage.");
    expect(err('kubectl get pods -n').error).toBe("error: flag needs an argument: 'n' in -n\nSee 'kubectl get --help' for usage.");
    expect(err('kubectl get pods --namespace').error).toBe("error: flag needs an argument: --namespace\nSee 'kubectl get --help' for usage.");
    expect(err('kubectl get pods --watch=maybe').error).toBe(
      'error: invalid argument "maybe" for "-w, --watch" flag: strconv.ParseBool: parsing "maybe": invalid syntax\nSee \'kubectl get --help\' for usage.',
    );
  });

  it('needs a resource type', () => {
    expect(err('kubectl get').error).toBe(
      'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\n' +
        'error: Required resource not specified.\n' +
        'Use "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\n' +
        "See 'kubectl get -h' for help and examples",
    );
  });

  it('names the printers kubectl has for an unknown -o, and refuses the ones not simulated', () => {
    expect(err('kubectl get pods -o xml').error).toBe(
      'error: unable to match a printer suitable for the output format "xml", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml',
    );
    const jp = err(`kubectl get pods -o jsonpath='{.items}'`);
    expect(jp.kind).toBe('unsupported');
    expect(jp.error).toContain('"-o jsonpath" is not simulated');
  });

  it('refuses flags it cannot honour instead of ignoring them', () => {
    expect(err('kubectl get pods --sort-by=.metadata.name').kind).toBe('unsupported');
    expect(err('kubectl get pods --context kind-kind').kind).toBe('unsupported');
  });
});

describe('parseKubectlArgs: unknown and unsimulated commands', () => {
  it('words an unknown command as cobra does', () => {
    const e = err('kubectl frobnicate');
    expect(e.error).toBe('error: unknown command "frobnicate" for "kubectl"');
    expect(e.kind).toBe('usage');
    expect(e.argIndex).toBe(1);
  });

  it('suggests close commands', () => {
    expect(err('kubectl gett pods').error).toBe('error: unknown command "gett" for "kubectl"\n\nDid you mean this?\n\tget\n\tset\n');
    expect(err('kubectl rollot status deploy/web').error).toContain('Did you mean this?\n\trollout\n');
  });

  it('tells a real but unsimulated command apart', () => {
    const e = err('kubectl exec -it web-1 -- sh');
    expect(e.kind).toBe('unsupported');
    expect(e.error).toMatch(/^error: "kubectl exec" is not simulated by kube-anatomy/);
  });

  it('accepts the argv without the program name too', () => {
    expect(parseKubectlArgs(['get', 'nodes'])).toMatchObject({ verb: 'get', resources: ['nodes'] });
  });
});

describe('parseKubectlArgs: apply, create, delete', () => {
  it('parses apply -f - and several files', () => {
    expect(ok('kubectl apply -f -')).toEqual({ verb: 'apply', files: ['-'], dryRun: 'none', serverSide: false, forceConflicts: false });
    expect(ok('kubectl apply -f a.yaml,b.yaml --filename=c.yaml -n prod --server-side')).toMatchObject({
      files: ['a.yaml', 'b.yaml', 'c.yaml'],
      namespace: 'prod',
      serverSide: true,
    });
    expect(ok('kubectl apply -f web.yaml --dry-run=client -o yaml')).toMatchObject({ dryRun: 'client', output: 'yaml' });
  });

  it('requires -f for apply', () => {
    expect(err('kubectl apply').error).toBe('error: must specify one of -f and -k');
    expect(err('kubectl apply -k ./overlay').kind).toBe('unsupported');
  });

  it('parses create -f, create deployment and create namespace', () => {
    expect(ok('kubectl create -n team -f web.yaml')).toMatchObject({ verb: 'create', files: ['web.yaml'], namespace: 'team' });
    expect(ok('kubectl create deployment web --image=nginx:1.27 --replicas=2 --port=80')).toEqual({
      verb: 'create deployment',
      name: 'web',
      images: ['nginx:1.27'],
      replicas: 2,
      port: 80,
      dryRun: 'none',
    });
    expect(ok('kubectl create ns team')).toEqual({ verb: 'create namespace', name: 'team', dryRun: 'none' });
    expect(err('kubectl create deployment web').error).toBe('error: required flag(s) "image" not set');
    expect(err('kubectl create secret generic x').kind).toBe('unsupported');
  });

  it('parses delete forms and their errors', () => {
    expect(ok('kubectl delete pod web-1 --grace-period=0 --force')).toMatchObject({
      verb: 'delete',
      targets: [{ resource: 'pod', name: 'web-1' }],
      gracePeriod: 0,
      force: true,
      cascade: 'background',
      wait: true,
    });
    expect(ok('kubectl delete deploy/web --cascade=orphan')).toMatchObject({ cascade: 'orphan', targets: [{ resource: 'deploy', name: 'web' }] });
    expect(ok('kubectl delete pods --all')).toMatchObject({ all: true, names: [] });
    expect(ok('kubectl delete pods -l app=web')).toMatchObject({ selector: 'app=web' });
    expect(ok('kubectl delete -f web.yaml')).toMatchObject({ files: ['web.yaml'], targets: [] });
    expect(ok('kubectl delete pod web-1 --now')).toMatchObject({ now: true, gracePeriod: 1 });
    expect(err('kubectl delete pods').error).toBe('error: resource(s) were provided, but no name was specified');
    expect(err('kubectl delete').error).toBe(
      "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
    );
    expect(err('kubectl delete pod x --grace-period=abc').error).toBe(
      'error: invalid argument "abc" for "--grace-period" flag: strconv.ParseInt: parsing "abc": invalid syntax\nSee \'kubectl delete --help\' for usage.',
    );
  });
});

describe('parseKubectlArgs: scale, rollout, logs, set image, nodes, version', () => {
  it('parses scale', () => {
    expect(ok('kubectl scale deployment web --replicas=5')).toMatchObject({
      verb: 'scale',
      replicas: 5,
      currentReplicas: -1,
      targets: [{ resource: 'deployment', name: 'web' }],
    });
    expect(ok('kubectl scale --replicas 0 deploy/web')).toMatchObject({ replicas: 0, targets: [{ resource: 'deploy', name: 'web' }] });
    expect(err('kubectl scale deploy/web').error).toBe('error: required flag(s) "replicas" not set');
  });

  it('parses rollout subcommands', () => {
    expect(ok('kubectl rollout status deployment/web --timeout=2m')).toMatchObject({
      verb: 'rollout',
      action: 'status',
      watch: true,
      timeout: 120_000_000,
      targets: [{ resource: 'deployment', name: 'web' }],
    });
    expect(ok('kubectl rollout -n prod undo deploy web --to-revision=2')).toMatchObject({ action: 'undo', toRevision: 2, namespace: 'prod' });
    expect(err('kubectl rollout frob deploy/web').error).toBe('error: unknown command "frob" for "kubectl rollout"');
  });

  it('parses logs in its two forms', () => {
    expect(ok('kubectl logs web-1 -c nginx --tail=20 -f')).toEqual({
      verb: 'logs',
      target: { resource: 'pod', name: 'web-1' },
      container: 'nginx',
      allContainers: false,
      follow: true,
      previous: false,
      tail: 20,
      timestamps: false,
      prefix: false,
    });
    expect(ok('kubectl logs deploy/web nginx -p')).toMatchObject({ target: { resource: 'deploy', name: 'web' }, container: 'nginx', previous: true });
  });

  it('parses set image', () => {
    expect(ok('kubectl set image deployment/web nginx=nginx:1.28')).toMatchObject({
      verb: 'set image',
      targets: [{ resource: 'deployment', name: 'web' }],
      images: [{ container: 'nginx', image: 'nginx:1.28' }],
    });
    expect(err('kubectl set env deploy/web A=B').kind).toBe('unsupported');
  });

  it('parses cordon, drain and version', () => {
    expect(ok('kubectl cordon node-2')).toMatchObject({ verb: 'cordon', nodes: ['node-2'] });
    expect(ok('kubectl drain node-2 --ignore-daemonsets --delete-emptydir-data')).toMatchObject({ verb: 'drain', ignoreDaemonsets: true, deleteEmptydirData: true });
    expect(err('kubectl uncordon').error).toBe("error: USAGE: uncordon NODE [flags]\nSee 'kubectl uncordon -h' for help and examples");
    expect(ok('kubectl version --client -o json')).toEqual({ verb: 'version', client: true, output: 'json' });
  });
});
