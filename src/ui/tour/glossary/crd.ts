import type { GlossaryEntry } from './types.ts';

/** Custom resources, CRDs and operators (the tour custom-resources-controllers). */
export const GLOSSARY_CRD: GlossaryEntry[] = [
  {
    id: 'crd',
    term: { en: 'CustomResourceDefinition (CRD)', ja: 'CustomResourceDefinition (CRD)' },
    text: {
      en: 'An object (apiextensions.k8s.io/v1) that adds a new resource type to the API: its group, names (plural, singular, kind, short names), scope and, per version, an OpenAPI v3 schema. Its name must be <plural>.<group>. Once it is Established, kube-apiserver serves the new resource like a built-in one.',
      ja: 'API に新しいリソースの種類を追加するオブジェクト(apiextensions.k8s.io/v1)です。グループ、名前(複数形、単数形、kind、短縮名)、スコープ、そしてバージョンごとの OpenAPI v3 スキーマを持ちます。名前は <plural>.<group> でなければなりません。Established になると、kube-apiserver は新しいリソースを組み込みのリソースと同じように提供します。',
    },
    see: ['custom-resource', 'apiextensions-apiserver', 'established'],
  },
  {
    id: 'custom-resource',
    term: { en: 'custom resource', ja: 'カスタムリソース' },
    text: {
      en: 'An object of a type defined by a CRD, such as a BlueGreenDeployment. It has apiVersion, kind, metadata and usually spec and status; it is stored in etcd under /registry/<group>/<plural>/ and can be created, read, listed, watched, updated and deleted with kubectl. By itself it is only data: a controller gives it behaviour.',
      ja: 'CRD で定義された種類のオブジェクトで、たとえば BlueGreenDeployment です。apiVersion、kind、metadata と、ふつうは spec と status を持ちます。etcd の /registry/<group>/<plural>/ に保存され、kubectl で作成、取得、一覧、watch、更新、削除ができます。それ自体はただのデータで、振る舞いを与えるのはコントローラーです。',
    },
    see: ['crd', 'operator'],
  },
  {
    id: 'apiextensions-apiserver',
    term: { en: 'apiextensions-apiserver', ja: 'apiextensions-apiserver' },
    text: {
      en: 'The part of kube-apiserver that serves CRDs and custom resources. It runs its own small controllers: the naming controller checks that a CRD\'s names do not clash with others of the group (NamesAccepted), the establishing controller then marks it Established, and the CRD handler serves its endpoints.',
      ja: 'kube-apiserver の中で CRD とカスタムリソースを提供する部分です。独自の小さなコントローラーを動かします。naming コントローラーは CRD の名前が同じグループの他と衝突しないかを確認し(NamesAccepted)、続いて establishing コントローラーが Established を付け、CRD ハンドラーがエンドポイントを提供します。',
    },
    see: ['crd', 'established'],
  },
  {
    id: 'established',
    term: { en: 'Established (CRD condition)', ja: 'Established(CRD の condition)' },
    text: {
      en: 'The CRD status condition that says the new resource is being served. It follows NamesAccepted. Scripts wait for it with `kubectl wait --for condition=established crd/<name>` before creating custom resources.',
      ja: '新しいリソースが提供されていることを示す CRD の status condition です。NamesAccepted の後に付きます。スクリプトでは、カスタムリソースを作る前に `kubectl wait --for condition=established crd/<name>` で待ちます。',
    },
    see: ['crd', 'apiextensions-apiserver'],
  },
  {
    id: 'structural-schema',
    term: { en: 'structural schema', ja: '構造的スキーマ (structural schema)' },
    text: {
      en: 'The OpenAPI v3 schema of a CRD version, with a type for every field. The apiserver validates every write against it (type, required, enum, minimum…) and answers 422 Invalid with the failing field, and it prunes fields the schema does not know unless x-kubernetes-preserve-unknown-fields is set.',
      ja: 'CRD のバージョンごとの OpenAPI v3 スキーマで、すべてのフィールドに型があります。apiserver はすべての書き込みをこれで検証し(type、required、enum、minimum など)、違反したフィールドを示して 422 Invalid を返します。また x-kubernetes-preserve-unknown-fields がない限り、スキーマにないフィールドは取り除かれます(pruning)。',
    },
    see: ['crd', 'admission'],
  },
  {
    id: 'printer-columns',
    term: { en: 'additionalPrinterColumns', ja: 'additionalPrinterColumns' },
    text: {
      en: 'The columns `kubectl get` shows for a custom resource, each a JSONPath into the object (.status.activeColor). The apiserver builds the table; kubectl only prints it.',
      ja: 'カスタムリソースに対して `kubectl get` が表示する列です。それぞれがオブジェクト内の JSONPath(.status.activeColor など)を指します。表を作るのは apiserver で、kubectl はそれを表示するだけです。',
    },
    see: ['custom-resource'],
  },
  {
    id: 'operator',
    term: { en: 'operator', ja: 'オペレーター (Operator)' },
    text: {
      en: 'A custom controller plus the custom resources it manages, packaging operational knowledge (how to roll out, back up, fail over) as code. It runs in the cluster, usually as a Deployment, and uses the same building blocks as kube-controller-manager: informers, a workqueue and a reconcile function.',
      ja: 'カスタムコントローラーと、それが管理するカスタムリソースの組み合わせです。ロールアウト、バックアップ、フェイルオーバーといった運用の知識をコードにします。ふつうは Deployment としてクラスタの中で動き、kube-controller-manager と同じ部品(informer、workqueue、reconcile 関数)を使います。',
    },
    see: ['custom-controller', 'custom-resource', 'informer', 'reconciliation-loop'],
  },
  {
    id: 'custom-controller',
    term: { en: 'custom controller', ja: 'カスタムコントローラー' },
    text: {
      en: 'A controller you write yourself (often with controller-runtime or kubebuilder). It watches its custom resource and the objects it owns, and each reconcile compares the declared spec with what exists and makes requests to close the gap — nothing is called directly.',
      ja: '自分で書くコントローラーです(controller-runtime や kubebuilder を使うことが多いです)。カスタムリソースと自分が所有するオブジェクトを watch し、reconcile のたびに宣言された spec と現状を比べ、差を埋めるリクエストを送ります。直接呼び出されることはありません。',
    },
    see: ['operator', 'controller', 'owner-reference'],
  },
  {
    id: 'workqueue',
    term: { en: 'workqueue', ja: 'workqueue' },
    text: {
      en: 'The queue of object keys (namespace/name) between a controller\'s informers and its workers. A key that changes many times while queued is processed once, and a failed key is retried with backoff.',
      ja: 'コントローラーの informer とワーカーの間にある、オブジェクトのキー(namespace/name)のキューです。キューにある間に何度変更されたキーも 1 回だけ処理され、失敗したキーはバックオフ付きで再試行されます。',
    },
    see: ['informer', 'custom-controller'],
  },
  {
    id: 'blue-green',
    term: { en: 'blue/green deployment', ja: 'Blue/Green デプロイ' },
    text: {
      en: 'A rollout with two full copies of the application: the new version (green) starts beside the old one (blue), and only when all of it is available does traffic move — here by changing the Service selector. Switching back is just as quick; the price is twice the capacity during the rollout.',
      ja: 'アプリケーションの完全なコピーを 2 つ使うロールアウトです。新しいバージョン(green)を古いもの(blue)の横で起動し、すべてが利用可能になってから初めてトラフィックを切り替えます(ここでは Service のセレクターを書き換えます)。元に戻すのも同じくらい速い反面、ロールアウト中は 2 倍のリソースが必要です。',
    },
    see: ['canary', 'rolling-update', 'operator'],
  },
  {
    id: 'canary',
    term: { en: 'canary release', ja: 'カナリアリリース' },
    text: {
      en: 'A rollout that sends a small share of traffic to the new version first, watches its metrics, then raises the share step by step. An operator can drive it with the same reconcile loop as blue/green, changing weights instead of a selector.',
      ja: '新しいバージョンにまず少しだけトラフィックを送り、メトリクスを見ながら段階的に割合を増やすロールアウトです。オペレーターは Blue/Green と同じ reconcile ループで実現でき、セレクターの代わりに重みを変更します。',
    },
    see: ['blue-green', 'rolling-update'],
  },
];
