import type { KubeObject } from '../../../../domain/k8s/objects.ts';
import { apiPath, kubectlObjectName, resourceByName } from '../../../../domain/k8s/resources.ts';
import type { CreateDeploymentCommand, CreateFromFilesCommand, CreateNamespaceCommand, ReplaceCommand } from '../args.ts';
import { printJson, printYaml } from '../print.ts';
import { infoOf, mappingError, readManifests, sequence, serverError, serverErrorFrom, statusOf, type KubectlContext } from './context.ts';

/**
 * `kubectl create -f`, `create deployment`, `create namespace` and `replace -f`
 * (k8s.io/kubectl/pkg/cmd/create/create.go, create_deployment.go, create_namespace.go,
 * replace/replace.go): a POST (or PUT) per object, "<kind>/<name> created|replaced", and the
 * server's error with the source added.
 */

function printed(obj: KubeObject, output: string | undefined, line: string): string {
  if (output === 'yaml') return printYaml(obj);
  if (output === 'json') return printJson(obj);
  return line;
}

function writeEach(ctx: KubectlContext, files: string[], namespace: string | undefined, output: string | undefined, method: 'POST' | 'PUT', verbPast: string, action: string): void {
  const read = readManifests(ctx, files);
  if ('error' in read) {
    ctx.done({ exitCode: 1, stdout: '', stderr: read.error });
    return;
  }
  if (read.objects.length === 0) {
    ctx.done({ exitCode: 1, stdout: '', stderr: 'error: no objects passed to create\n' });
    return;
  }
  let stdout = '';
  let stderr = '';
  sequence(
    read.objects,
    ctx.input.cause,
    ({ obj, source }, cause, next) => {
      const info = infoOf(obj, ctx.sim);
      if (!info) {
        stderr += mappingError(obj, source);
        next(cause);
        return;
      }
      const ns = info.namespaced ? (obj.metadata.namespace ?? namespace ?? 'default') : undefined;
      if (ns && obj.metadata.namespace && namespace && obj.metadata.namespace !== namespace) {
        stderr += `error: the namespace from the provided object "${obj.metadata.namespace}" does not match the namespace "${namespace}". You must pass '--namespace=${obj.metadata.namespace}' to perform this operation.\n`;
        next(cause);
        return;
      }
      const body = { ...obj, metadata: { ...obj.metadata, ...(ns ? { namespace: ns } : {}) } };
      const name = obj.metadata.name ?? '';
      const path = method === 'POST' ? apiPath(info, ns) : apiPath(info, ns, name);
      ctx.api.request(method, path, { body, cause }, (res, d) => {
        if (res.code === 200 || res.code === 201) {
          const stored = res.body as KubeObject;
          stdout += printed(stored, output, output === 'name' ? `${kubectlObjectName(info, stored.metadata.name ?? name)}\n` : `${kubectlObjectName(info, stored.metadata.name ?? name)} ${verbPast}\n`);
        } else stderr += serverErrorFrom(res, action, source);
        next(d.seq);
      });
    },
    () => ctx.done({ exitCode: stderr ? 1 : 0, stdout, stderr }),
  );
}

export function createFromFiles(ctx: KubectlContext, cmd: CreateFromFilesCommand): void {
  writeEach(ctx, cmd.files, cmd.namespace, cmd.output, 'POST', 'created', 'creating');
}

export function replaceFromFiles(ctx: KubectlContext, cmd: ReplaceCommand): void {
  writeEach(ctx, cmd.files, cmd.namespace, cmd.output, 'PUT', 'replaced', 'replacing');
}

/** create_deployment.go buildPodSpec: the container is named after the image, without registry, path or tag. */
export function containerNameFor(image: string): string {
  const base = image.split('/').pop() ?? image;
  return (base.split('@')[0] as string).split(':')[0] as string;
}

/** The Deployment `kubectl create deployment` builds (create_deployment.go createDeployment). */
export function deploymentFor(cmd: CreateDeploymentCommand, namespace: string): KubeObject {
  const labels = { app: cmd.name };
  const containers = cmd.images.map((image) => ({
    image,
    name: containerNameFor(image),
    ...(cmd.port !== undefined && cmd.port >= 0 ? { ports: [{ containerPort: cmd.port }] } : {}),
    resources: {},
  }));
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: cmd.name, namespace, labels },
    spec: { replicas: cmd.replicas, selector: { matchLabels: labels }, strategy: {}, template: { metadata: { labels }, spec: { containers } } },
    status: {},
  } as KubeObject;
}

export function createDeployment(ctx: KubectlContext, cmd: CreateDeploymentCommand): void {
  const ns = cmd.namespace ?? 'default';
  const info = resourceByName('deployments');
  if (!info) throw new Error('deployments are not a known resource');
  const obj = deploymentFor(cmd, ns);
  ctx.api.request('POST', apiPath(info, ns), { body: obj, cause: ctx.input.cause }, (res) => {
    if (res.code !== 201) {
      // create deployment wraps the server's error (create_deployment.go Run).
      ctx.done({ exitCode: 1, stdout: '', stderr: `error: failed to create deployment: ${statusOf(res).message}\n` });
      return;
    }
    ctx.done({ exitCode: 0, stdout: printed(res.body as KubeObject, cmd.output, `deployment.apps/${cmd.name} created\n`), stderr: '' });
  });
}

export function createNamespace(ctx: KubectlContext, cmd: CreateNamespaceCommand): void {
  const info = resourceByName('namespaces');
  if (!info) throw new Error('namespaces are not a known resource');
  const obj = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: cmd.name }, spec: {}, status: {} } as KubeObject;
  ctx.api.request('POST', apiPath(info), { body: obj, cause: ctx.input.cause }, (res) => {
    if (res.code !== 201) {
      ctx.done({ exitCode: 1, stdout: '', stderr: serverError(res) });
      return;
    }
    ctx.done({ exitCode: 0, stdout: printed(res.body as KubeObject, cmd.output, `namespace/${cmd.name} created\n`), stderr: '' });
  });
}
