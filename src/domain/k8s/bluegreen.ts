/**
 * The rules of the example blue/green operator (group rollouts.example.com, made up for the
 * simulator): which colour is active, what the next one is, and what a colour's Deployment
 * looks like. Pure: the controller (engine/components/operator) turns the plan into requests.
 */
import { canonicalJson, fnv32a } from './hash.ts';
import type { Deployment, KubeObject, PodTemplateSpec } from './objects.ts';

export type Color = 'blue' | 'green';

export const BLUEGREEN_GROUP = 'rollouts.example.com';
export const BLUEGREEN_VERSION = 'v1alpha1';
/** The label that tells the colours' Pods apart, and that the Service selects on. */
export const COLOR_LABEL = 'rollouts.example.com/color';
/** The hash of the BlueGreenDeployment template a colour's Deployment runs. */
export const TEMPLATE_HASH_ANNOTATION = 'rollouts.example.com/template-hash';

export interface BlueGreenDeployment extends KubeObject {
  spec: {
    replicas?: number;
    selector: { matchLabels?: Record<string, string> };
    template: PodTemplateSpec;
    /** The colour the first Deployment gets (default blue). */
    activeColor?: Color;
    service?: { port?: number; targetPort?: number };
  };
  status?: {
    activeColor?: Color;
    previewColor?: Color;
    observedGeneration?: number;
    templateHash?: string;
    conditions?: { type: string; status: 'True' | 'False' | 'Unknown'; reason: string; message: string; lastTransitionTime: string }[];
  };
}

export const otherColor = (c: Color): Color => (c === 'blue' ? 'green' : 'blue');

/** fnv32a of the template, printed as the Deployment controller prints pod-template-hash (base 36-ish). */
export function templateHash(template: PodTemplateSpec): string {
  return fnv32a(canonicalJson(template)).toString(16).padStart(8, '0');
}

export const deploymentName = (bg: KubeObject, color: Color): string => `${bg.metadata.name ?? ''}-${color}`;

/** The Deployment of one colour: the template with the colour label, owned by the BlueGreenDeployment. */
export function colorDeployment(bg: BlueGreenDeployment, color: Color, replicas: number): Deployment {
  const labels = { ...(bg.spec.template.metadata?.labels ?? {}), [COLOR_LABEL]: color };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: deploymentName(bg, color),
      namespace: bg.metadata.namespace ?? 'default',
      labels: { ...(bg.metadata.labels ?? {}), [COLOR_LABEL]: color },
      annotations: { [TEMPLATE_HASH_ANNOTATION]: templateHash(bg.spec.template) },
      ownerReferences: [{ apiVersion: bg.apiVersion, kind: bg.kind, name: bg.metadata.name ?? '', uid: bg.metadata.uid ?? '', controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      replicas,
      selector: { matchLabels: { ...(bg.spec.selector.matchLabels ?? {}), [COLOR_LABEL]: color } },
      template: { ...bg.spec.template, metadata: { ...(bg.spec.template.metadata ?? {}), labels } },
    },
  } as Deployment;
}

/** Every replica of the Deployment's current template is available (as `kubectl rollout status` decides). */
export function deploymentAvailable(d: Deployment | undefined, replicas: number): boolean {
  if (!d) return false;
  const s = d.status ?? {};
  return (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 1) && (s.updatedReplicas ?? 0) === replicas && (s.availableReplicas ?? 0) === replicas && (s.replicas ?? 0) === replicas;
}
