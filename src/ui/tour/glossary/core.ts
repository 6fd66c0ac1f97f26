import type { GlossaryEntry } from './types.ts';

/**
 * The control-plane and workload vocabulary the first tours lean on. Written in our own words;
 * names are the upstream ones (kube-apiserver, kube-scheduler, pods/binding, resourceVersion…).
 */
// pod-sandbox, reconciliation-loop and owner-reference are in runtimes.ts / reconcile.ts (h4).
export const GLOSSARY_CORE: GlossaryEntry[] = [
  {
    id: 'etcd',
    term: { en: 'etcd', ja: 'etcd' },
    text: {
      en: 'A consistent, replicated key-value store (Raft). Kubernetes keeps every API object in it under /registry/<resource>/<namespace>/<name>. Only kube-apiserver talks to etcd; every write bumps the store-wide revision.',
      ja: 'Raft で複製される、一貫性のあるキーバリューストアです。Kubernetes はすべての API オブジェクトを /registry/<resource>/<namespace>/<name> というキーに保存します。etcd と話すのは kube-apiserver だけで、書き込みのたびにストア全体のリビジョンが 1 つ進みます。',
    },
    see: ['kube-apiserver', 'resource-version', 'watch'],
  },
  {
    id: 'kube-apiserver',
    term: { en: 'kube-apiserver', ja: 'kube-apiserver' },
    text: {
      en: 'The front door of the cluster: a REST server that authenticates, authorizes and admits each request, validates the object, stores it in etcd and streams changes to watchers. Components never talk to each other directly; they all go through it.',
      ja: 'クラスタの玄関となる REST サーバーです。リクエストごとに認証・認可・アドミッションを行い、オブジェクトを検証して etcd に保存し、変更を watch しているクライアントに配信します。コンポーネント同士は直接通信せず、すべてここを経由します。',
    },
    see: ['etcd', 'watch', 'admission'],
  },
  {
    id: 'admission',
    term: { en: 'Admission control', ja: 'アドミッションコントロール' },
    text: {
      en: 'The stage of kube-apiserver after authorization and before storage: mutating admission may change the object (defaults, injected fields), validating admission may reject it.',
      ja: 'kube-apiserver で認可の後、保存の前に行われる段階です。mutating admission はオブジェクトを書き換え（デフォルト値の設定など）、validating admission は拒否することができます。',
    },
    see: ['kube-apiserver'],
  },
  {
    id: 'watch',
    term: { en: 'watch', ja: 'watch' },
    text: {
      en: 'A long-running request (?watch=true) that streams ADDED, MODIFIED and DELETED events for a resource from a given resourceVersion on. Controllers, the scheduler and kubelets learn about changes this way instead of polling.',
      ja: '指定した resourceVersion 以降のリソースの ADDED / MODIFIED / DELETED イベントを流し続ける、長時間のリクエスト（?watch=true）です。コントローラー、スケジューラー、kubelet はポーリングせずにこの方法で変更を知ります。',
    },
    see: ['resource-version', 'informer'],
  },
  {
    id: 'informer',
    term: { en: 'Informer', ja: 'Informer' },
    text: {
      en: 'The client-go machinery inside a controller: it lists once, then watches, keeps a local cache of objects and puts the keys (namespace/name) of changed objects on a work queue.',
      ja: 'コントローラーの中で動く client-go の仕組みです。最初に一度 list し、その後 watch を続けてオブジェクトのローカルキャッシュを保ち、変わったオブジェクトのキー（namespace/name）をワークキューに入れます。',
    },
    see: ['watch', 'controller'],
  },
  {
    id: 'resource-version',
    term: { en: 'resourceVersion', ja: 'resourceVersion' },
    text: {
      en: "metadata.resourceVersion: an opaque string that changes on every write of an object. kube-apiserver fills it from etcd's modRevision. An update carrying an old resourceVersion fails with a 409 Conflict (optimistic concurrency); a watch resumes from one.",
      ja: 'metadata.resourceVersion は、オブジェクトが書き込まれるたびに変わる不透明な文字列です。kube-apiserver は etcd の modRevision から値を設定します。古い resourceVersion を持った更新は 409 Conflict で失敗し（楽観的並行性制御）、watch はこの値から再開できます。',
    },
    see: ['etcd', 'watch'],
  },
  {
    id: 'controller',
    term: { en: 'Controller', ja: 'コントローラー' },
    text: {
      en: 'A loop that watches some kinds of objects and acts so that the actual state approaches the desired state written in spec. The built-in ones (Deployment, ReplicaSet, node lifecycle, garbage collector…) run inside kube-controller-manager.',
      ja: 'いくつかの種類のオブジェクトを watch し、実際の状態が spec に書かれた望ましい状態に近づくように働くループです。組み込みのもの（Deployment、ReplicaSet、ノードライフサイクル、ガベージコレクターなど）は kube-controller-manager の中で動きます。',
    },
    see: ['reconciliation-loop', 'kube-controller-manager', 'informer'],
  },
  {
    id: 'kube-controller-manager',
    term: { en: 'kube-controller-manager', ja: 'kube-controller-manager' },
    text: {
      en: 'One process that runs the built-in controllers, each with its own informers and work queue, such as deployment-controller and replicaset-controller. It writes only through kube-apiserver.',
      ja: 'deployment-controller や replicaset-controller など、組み込みのコントローラーをまとめて動かす 1 つのプロセスです。各コントローラーは自分の Informer とワークキューを持ち、書き込みは必ず kube-apiserver を通します。',
    },
    see: ['controller'],
  },
  {
    id: 'kube-scheduler',
    term: { en: 'kube-scheduler', ja: 'kube-scheduler' },
    text: {
      en: 'Watches Pods with no spec.nodeName, runs its plugins for each (Filter removes nodes that cannot run the Pod, Score ranks the rest), picks the best node and records the choice with a Binding. It does not start anything itself.',
      ja: 'spec.nodeName が空の Pod を watch し、Pod ごとにプラグインを実行します（Filter が動かせないノードを除き、Score が残りに点数を付けます）。最もよいノードを選び、その結果を Binding として記録します。自分では何も起動しません。',
    },
    see: ['binding', 'scheduling-framework'],
  },
  {
    id: 'scheduling-framework',
    term: { en: 'Scheduling framework', ja: 'スケジューリングフレームワーク' },
    text: {
      en: 'The extension points a Pod passes through in kube-scheduler: QueueSort, PreFilter, Filter, PostFilter, PreScore, Score, Reserve, Permit (the scheduling cycle), then PreBind, Bind, PostBind (the binding cycle).',
      ja: 'kube-scheduler の中で Pod が通る拡張ポイントです。スケジューリングサイクルの QueueSort、PreFilter、Filter、PostFilter、PreScore、Score、Reserve、Permit と、バインディングサイクルの PreBind、Bind、PostBind があります。',
    },
    see: ['kube-scheduler'],
  },
  {
    id: 'binding',
    term: { en: 'Binding', ja: 'Binding' },
    text: {
      en: "The scheduler's decision as an API call: POST /api/v1/namespaces/<ns>/pods/<name>/binding with the target node. kube-apiserver sets the Pod's spec.nodeName; from then on, that node's kubelet owns the Pod.",
      ja: 'スケジューラーの決定を表す API 呼び出しで、POST /api/v1/namespaces/<ns>/pods/<name>/binding に行き先のノードを送ります。kube-apiserver が Pod の spec.nodeName を設定し、それ以降はそのノードの kubelet が Pod を受け持ちます。',
    },
    see: ['kube-scheduler', 'kubelet'],
  },
  {
    id: 'kubelet',
    term: { en: 'kubelet', ja: 'kubelet' },
    text: {
      en: "The agent on every node. It watches the Pods bound to its node, asks the container runtime over the CRI to create the sandbox and containers, runs probes, and reports the Pod's status back to kube-apiserver.",
      ja: '各ノードで動くエージェントです。自ノードに割り当てられた Pod を watch し、CRI を通してコンテナランタイムにサンドボックスとコンテナの作成を依頼し、プローブを実行し、Pod のステータスを kube-apiserver に報告します。',
    },
    see: ['cri', 'pod-sandbox', 'binding'],
  },
  {
    id: 'cri',
    term: { en: 'CRI (Container Runtime Interface)', ja: 'CRI（Container Runtime Interface）' },
    text: {
      en: 'The gRPC API between the kubelet and a container runtime (containerd, CRI-O…): runtime.v1.RuntimeService (RunPodSandbox, CreateContainer, StartContainer, StopPodSandbox…) and runtime.v1.ImageService (PullImage, ImageStatus…). Any runtime that speaks it can run Pods.',
      ja: 'kubelet とコンテナランタイム（containerd、CRI-O など）の間の gRPC API です。runtime.v1.RuntimeService（RunPodSandbox、CreateContainer、StartContainer、StopPodSandbox など）と runtime.v1.ImageService（PullImage、ImageStatus など）からなり、これを話せるランタイムなら Pod を動かせます。',
    },
    see: ['kubelet', 'pod-sandbox'],
  },
  {
    id: 'pod',
    term: { en: 'Pod', ja: 'Pod' },
    text: {
      en: 'The smallest thing Kubernetes runs: one or more containers scheduled together on one node, sharing a network namespace and volumes. A bare Pod is not replaced when it dies; something above it (a ReplicaSet) does that.',
      ja: 'Kubernetes が動かす最小の単位で、同じノードにまとめて配置され、ネットワーク名前空間とボリュームを共有する 1 つ以上のコンテナです。単独の Pod は消えても作り直されません。それを行うのは上位のもの（ReplicaSet）です。',
    },
    see: ['replicaset', 'pod-sandbox'],
  },
  {
    id: 'replicaset',
    term: { en: 'ReplicaSet', ja: 'ReplicaSet' },
    text: {
      en: 'Keeps spec.replicas Pods matching its selector alive: too few, it creates Pods from its template; too many, it deletes some. Its Pods carry an ownerReference to it. It never changes the Pods it already has, so it cannot update an image by itself.',
      ja: 'セレクターに合う Pod を spec.replicas 個に保ちます。足りなければテンプレートから Pod を作り、多すぎれば削除します。Pod は ownerReference で ReplicaSet を指します。既にある Pod は変更しないので、自分だけではイメージを更新できません。',
    },
    see: ['pod', 'deployment', 'owner-reference'],
  },
  {
    id: 'deployment',
    term: { en: 'Deployment', ja: 'Deployment' },
    text: {
      en: 'Manages ReplicaSets to roll a Pod template out: each template gets its own ReplicaSet, named after the pod-template-hash. On a change it scales the new one up and the old one down according to its strategy, and keeps old ReplicaSets (at 0) for rollback.',
      ja: 'Pod テンプレートを展開するために ReplicaSet を管理します。テンプレートごとに pod-template-hash の名前を持つ ReplicaSet ができます。テンプレートが変わると、strategy に従って新しい ReplicaSet を増やし古いものを減らします。古い ReplicaSet はロールバック用に 0 のまま残します。',
    },
    see: ['replicaset', 'rolling-update', 'recreate', 'pod-template-hash'],
  },
  {
    id: 'pod-template-hash',
    term: { en: 'pod-template-hash', ja: 'pod-template-hash' },
    text: {
      en: "A label the Deployment controller adds to each ReplicaSet and its Pods: a hash of the Pod template. It makes the ReplicaSet's name (web-<hash>) and keeps the selectors of two ReplicaSets of one Deployment from overlapping.",
      ja: 'Deployment コントローラーが各 ReplicaSet とその Pod に付けるラベルで、Pod テンプレートのハッシュです。ReplicaSet の名前（web-<hash>）になり、同じ Deployment の 2 つの ReplicaSet のセレクターが重ならないようにします。',
    },
    see: ['deployment', 'replicaset'],
  },
  {
    id: 'rolling-update',
    term: { en: 'RollingUpdate strategy', ja: 'RollingUpdate 戦略' },
    text: {
      en: "The default Deployment strategy: replace Pods a few at a time. maxSurge bounds how many Pods may exist above spec.replicas (25% rounded up by default), maxUnavailable how many may be missing (25% rounded down). The service never drops to zero.",
      ja: 'Deployment の既定の戦略で、Pod を少しずつ入れ替えます。maxSurge は spec.replicas を超えて存在してよい Pod の数（既定は 25% の切り上げ）、maxUnavailable は欠けてよい数（既定は 25% の切り捨て）を制限します。サービスがゼロになることはありません。',
    },
    see: ['deployment', 'recreate'],
  },
  {
    id: 'recreate',
    term: { en: 'Recreate strategy', ja: 'Recreate 戦略' },
    text: {
      en: 'A Deployment strategy that scales the old ReplicaSet to 0 and waits until none of its Pods is running any more (each has stopped, phase Succeeded or Failed) before it creates the new ReplicaSet at full size. Old and new versions never run side by side, at the price of a gap with nothing serving.',
      ja: '古い ReplicaSet を 0 にし、その Pod がすべて止まる（フェーズが Succeeded か Failed になる）のを待ってから、新しい ReplicaSet を全数で作る Deployment の戦略です。新旧のバージョンが同時に動くことはありませんが、その代わり何も応答しない時間ができます。',
    },
    see: ['deployment', 'rolling-update'],
  },
  {
    id: 'kubernetes-event',
    term: { en: 'Event (the API object)', ja: 'Event（API オブジェクト）' },
    text: {
      en: 'A short record a component writes about an object: type (Normal or Warning), reason (ScalingReplicaSet, SuccessfulCreate, Scheduled, Pulling…), message and the involved object. kubectl get events and kubectl describe show them; they expire after an hour by default.',
      ja: 'コンポーネントがオブジェクトについて書く短い記録で、type（Normal または Warning）、reason（ScalingReplicaSet、SuccessfulCreate、Scheduled、Pulling など）、message、対象オブジェクトを持ちます。kubectl get events や kubectl describe で表示され、既定では 1 時間で消えます。',
    },
    see: ['controller'],
  },
];
