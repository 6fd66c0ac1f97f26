import { parseTour } from './parse.ts';
import type { Tour } from './types.ts';

/**
 * A short tour over the hand-made hello trace (src/ui/fixtures/helloTrace.ts), for stories and
 * markup tests: the real tours need the engine's trace, which ui code may not run.
 */
export const FIXTURE_TOUR_TEXT = `tour: fixture-hello
scenario: hello-deployment
title: {en: "How a Pod comes to be (fixture)", ja: "Pod が生まれるまで（フィクスチャ）"}
summary:
  en: "A short walk through the hand-made hello trace: [etcd](glossary:etcd), the scheduler, the [kubelet](glossary:kubelet)."
  ja: "手作りの hello トレースを短く歩きます: [etcd](glossary:etcd)、スケジューラー、[kubelet](glossary:kubelet)。"
steps:
  - id: apply
    title: {en: "kubectl apply", ja: "kubectl apply"}
    text:
      en: "\`kubectl apply -f web.yaml\` sends a [Deployment](glossary:deployment) to [kube-apiserver](glossary:kube-apiserver)."
      ja: "\`kubectl apply -f web.yaml\` が [Deployment](glossary:deployment) を [kube-apiserver](glossary:kube-apiserver) に送ります。"
    at: {kind: command, op: kubectl apply -f web.yaml, attrs: {phase: start}}
    views: [console]
  - id: put
    title: {en: "Stored in etcd", ja: "etcd に保存される"}
    text:
      en: "The object lands in [etcd](glossary:etcd) with a new [resourceVersion](glossary:resource-version)."
      ja: "オブジェクトは新しい [resourceVersion](glossary:resource-version) とともに [etcd](glossary:etcd) に保存されます。"
    at: {kind: span, actor: etcd/, op: Put}
    views: [etcd]
  - id: filter
    title: {en: "Filter", ja: "Filter"}
    text:
      en: "[kube-scheduler](glossary:kube-scheduler) filters the nodes for the first Pod."
      ja: "[kube-scheduler](glossary:kube-scheduler) が最初の Pod のためにノードを絞り込みます。"
    at: {kind: span, actor: scheduler, op: Filter}
    views: [scheduler]
    question:
      prompt: {en: "Which node will the first Pod get?", ja: "最初の Pod はどのノードに割り当てられるでしょうか？"}
      choices:
        - {id: node-1, label: {en: node-1, ja: node-1}}
        - {id: node-2, label: {en: node-2, ja: node-2}}
      answer: {attr: node, at: {kind: span, op: Bind}}
      explain: {en: "It scores higher on NodeResourcesBalancedAllocation.", ja: "NodeResourcesBalancedAllocation のスコアが高いからです。"}
  - id: sandbox
    title: {en: "RunPodSandbox", ja: "RunPodSandbox"}
    text:
      en: "The [kubelet](glossary:kubelet) calls \`RunPodSandbox\` over the [CRI](glossary:cri)."
      ja: "[kubelet](glossary:kubelet) が [CRI](glossary:cri) 経由で \`RunPodSandbox\` を呼びます。"
    at: {kind: message, actor: kubelet/, op: RunPodSandbox}
    views: [node]
`;

export const FIXTURE_TOUR: Tour = parseTour(FIXTURE_TOUR_TEXT, 'examples/tours/fixture-hello.tour.yaml');
