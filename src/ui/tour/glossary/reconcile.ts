import type { GlossaryEntry } from './types.ts';

/**
 * Declarative management and the reconciliation loop, linked from
 * examples/tours/declarative-reconciliation.tour.yaml. Core objects and components (Pod,
 * ReplicaSet, Deployment, controller, watch, kubelet…) are in core.ts; this file holds the ideas
 * around them (reconciliation loop, ownerReference, self-healing) and the node-failure path
 * (Lease, node lifecycle controller, taints, eviction).
 * Defaults quoted are those of Kubernetes 1.34 (node-monitor-grace-period became 50 s in 1.32).
 */
export const GLOSSARY_RECONCILE: GlossaryEntry[] = [
  {
    id: 'imperative',
    term: { en: 'imperative', ja: '命令的(imperative)' },
    text: {
      en: 'Telling the system what to do, step by step: "create this Pod", "scale to 5". `kubectl create`, `kubectl scale` and `kubectl delete` are imperative commands. The result is only as right as the sequence of commands; nothing remembers the intent. The CRI is an imperative API too.',
      ja: '何をするかを一歩ずつシステムに指示するやり方です(「この Pod を作る」「5 つにスケールする」)。`kubectl create`、`kubectl scale`、`kubectl delete` は命令的なコマンドです。結果の正しさはコマンドの順序次第で、意図を覚えているものはありません。CRI も命令的な API です。',
    },
    see: ['declarative'],
  },
  {
    id: 'declarative',
    term: { en: 'declarative', ja: '宣言的(declarative)' },
    text: {
      en: 'Describing the state you want and letting the system get there: a manifest applied with `kubectl apply`. Applying it again when nothing changed does nothing, so it can be repeated safely and kept in version control.',
      ja: '望む状態を記述し、そこに到達する方法はシステムに任せるやり方です。`kubectl apply` で適用するマニフェストがその例です。何も変わっていなければ再適用しても何も起きないので、安全に繰り返せ、バージョン管理にも置けます。',
    },
    see: ['imperative', 'desired-state', 'reconciliation-loop'],
  },
  {
    id: 'desired-state',
    term: { en: 'desired state', ja: 'desired state(あるべき状態)' },
    text: {
      en: "What an object asks for, mostly in its `spec` (a Deployment's `spec.replicas: 3`, its Pod template). It is stored in etcd through the kube-apiserver and changes only when someone updates the object.",
      ja: 'オブジェクトが求めている状態で、主に `spec` に書かれます(Deployment の `spec.replicas: 3` や Pod テンプレートなど)。kube-apiserver を通して etcd に保存され、誰かがオブジェクトを更新したときだけ変わります。',
    },
    see: ['observed-state', 'reconciliation-loop'],
  },
  {
    id: 'observed-state',
    term: { en: 'observed state', ja: 'observed state(観測された状態)' },
    text: {
      en: "What actually exists, as a controller sees it: the objects in its informer cache (the Pods matching a ReplicaSet's selector, not counting those being deleted) and the `status` that components report. Controllers compare it with the desired state.",
      ja: 'コントローラーから見た、実際に存在するものです。informer のキャッシュにあるオブジェクト(ReplicaSet のセレクターに一致し、削除中でない Pod など)と、各コンポーネントが報告する `status` です。コントローラーはこれを desired state と比べます。',
    },
    see: ['desired-state', 'reconciliation-loop'],
  },
  {
    id: 'reconciliation-loop',
    term: { en: 'reconciliation loop', ja: 'Reconciliation Loop(調停ループ)' },
    text: {
      en: 'The pattern every controller follows: take a key from the work queue, read the desired state, observe the current state, compute the difference and act to reduce it, then wait for the next change (delivered by a watch) or a resync. It is level-based: it looks at the state, not at the event that woke it, so a missed event does no harm.',
      ja: 'すべてのコントローラーが従うパターンです。ワークキューからキーを取り出し、desired state を読み、現在の状態を観測し、差分を求めてそれを減らす行動をとり、次の変更(watch で届く)か再同期を待ちます。きっかけのイベントではなく状態そのものを見る(level-based)ので、イベントを取りこぼしても問題になりません。',
    },
    see: ['desired-state', 'observed-state', 'self-healing'],
  },
  {
    id: 'self-healing',
    term: { en: 'self-healing', ja: 'セルフヒーリング' },
    text: {
      en: 'Recovery without a human: when a Pod is deleted or its node is lost, the ReplicaSet controller sees fewer Pods than `spec.replicas` and creates new ones. It is not a separate feature, just the reconciliation loop meeting a new difference. A bare Pod has no controller and is not replaced.',
      ja: '人の手を借りない回復です。Pod が削除されたりノードが失われたりすると、ReplicaSet コントローラーは Pod が `spec.replicas` より少ないことに気づき、新しく作ります。独立した機能ではなく、Reconciliation Loop が新しい差分に出会っただけです。コントローラーのない単独の Pod は置き換えられません。',
    },
    see: ['reconciliation-loop', 'owner-reference'],
  },
  {
    id: 'owner-reference',
    term: { en: 'ownerReference', ja: 'ownerReference' },
    text: {
      en: "`metadata.ownerReferences` names the object that owns this one, with `controller: true` for the one that manages it: a Pod points at its ReplicaSet, a ReplicaSet at its Deployment. Controllers use it to find what they manage; the garbage collector deletes dependents when their owner goes.",
      ja: '`metadata.ownerReferences` はこのオブジェクトを所有するオブジェクトを示し、管理している所有者には `controller: true` が付きます。Pod は ReplicaSet を、ReplicaSet は Deployment を指します。コントローラーは自分が管理するものをこれで見つけ、ガベージコレクターは所有者が消えると従属オブジェクトを削除します。',
    },
    see: ['self-healing'],
  },
  {
    id: 'node-lease',
    term: { en: 'node Lease', ja: 'ノードの Lease' },
    text: {
      en: "A `coordination.k8s.io/v1` Lease named after the node in the `kube-node-lease` namespace. The kubelet renews it (`spec.renewTime`) every 10 s by default; it is the node's heartbeat, much cheaper than updating the whole Node status.",
      ja: '`kube-node-lease` namespace にある、ノードと同じ名前の `coordination.k8s.io/v1` の Lease です。kubelet はデフォルトで 10 秒ごとにこれを更新します(`spec.renewTime`)。ノードのハートビートで、Node の status 全体を更新するよりずっと軽い処理です。',
    },
    see: ['node-lifecycle-controller'],
  },
  {
    id: 'node-lifecycle-controller',
    term: { en: 'node lifecycle controller', ja: 'ノードライフサイクルコントローラー' },
    text: {
      en: "A controller in kube-controller-manager that checks every node every `--node-monitor-period` (5 s). When a node's Lease and status are older than `--node-monitor-grace-period` (50 s), it sets the node's conditions to Unknown, records NodeNotReady, marks its Pods not Ready and taints the node `node.kubernetes.io/unreachable`.",
      ja: 'kube-controller-manager の中のコントローラーで、`--node-monitor-period`(5 秒)ごとに全ノードを確認します。ノードの Lease と status が `--node-monitor-grace-period`(50 秒)より古くなると、Condition を Unknown にし、NodeNotReady を記録し、その Pod を Ready でない状態にして、ノードに `node.kubernetes.io/unreachable` の Taint を付けます。',
    },
    see: ['node-lease', 'taint', 'taint-eviction'],
  },
  {
    id: 'taint',
    term: { en: 'taint', ja: 'Taint' },
    text: {
      en: 'A mark on a node, `key=value:effect`, that repels Pods which do not tolerate it. NoSchedule keeps new Pods away; NoExecute also evicts running ones. The control plane adds `node.kubernetes.io/not-ready` and `node.kubernetes.io/unreachable` taints to unhealthy nodes.',
      ja: 'ノードに付ける `key=value:effect` 形式の印で、それを許容しない Pod を遠ざけます。NoSchedule は新しい Pod を置かせず、NoExecute は動いている Pod も退避させます。コントロールプレーンは不調なノードに `node.kubernetes.io/not-ready` や `node.kubernetes.io/unreachable` の Taint を付けます。',
    },
    see: ['toleration', 'taint-eviction'],
  },
  {
    id: 'toleration',
    term: { en: 'toleration', ja: 'Toleration' },
    text: {
      en: "A Pod's permission to stay on (or be scheduled to) a tainted node. The DefaultTolerationSeconds admission plugin gives every Pod tolerations for not-ready and unreachable with `tolerationSeconds: 300`, so Pods survive five minutes of a node outage before eviction.",
      ja: 'Taint の付いたノードに Pod が留まる(またはスケジュールされる)ための許可です。DefaultTolerationSeconds アドミッションプラグインはすべての Pod に not-ready と unreachable の Toleration を `tolerationSeconds: 300` で付けるので、Pod はノード障害から 5 分間は退避されません。',
    },
    see: ['taint', 'taint-eviction'],
  },
  {
    id: 'taint-eviction',
    term: { en: 'taint eviction controller', ja: 'Taint による退避(taint eviction controller)' },
    text: {
      en: "The controller (formerly the node lifecycle controller's taint manager) that deletes Pods from nodes with NoExecute taints they do not tolerate, immediately or once their `tolerationSeconds` run out, recording TaintManagerEviction. Owners such as ReplicaSets then create replacements.",
      ja: '許容していない NoExecute の Taint が付いたノードから Pod を削除するコントローラーです(以前はノードライフサイクルコントローラーの taint manager でした)。すぐに、または `tolerationSeconds` が切れたときに削除し、TaintManagerEviction を記録します。そのあと ReplicaSet などの所有者が代わりを作ります。',
    },
    see: ['taint', 'toleration', 'self-healing'],
  },
];
