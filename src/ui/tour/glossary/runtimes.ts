import type { GlossaryEntry } from './types.ts';

/**
 * Container runtimes and the Linux primitives under them, linked from the tours
 * container-runtime-101, container-runtime-101-kubelet, isolation-levels and rkt-and-cri
 * (examples/tours/). The CRI itself, the kubelet and the Pod are in core.ts.
 */
export const GLOSSARY_RUNTIMES: GlossaryEntry[] = [
  // --- Linux primitives -----------------------------------------------------------------------
  {
    id: 'namespaces',
    term: { en: 'namespaces (Linux)', ja: 'namespace(Linux)' },
    text: {
      en: 'A kernel feature that gives a process its own view of one kind of resource: mount (the file system tree), PID, network, UTS (hostname), IPC, user, cgroup and time. Made with `clone(CLONE_NEW…)` or `unshare`, joined with `setns`. Not to be confused with Kubernetes namespaces.',
      ja: 'プロセスに、ある種類の資源についての独自の見え方を与えるカーネルの機能です。mount(ファイルシステムのツリー)、PID、network、UTS(ホスト名)、IPC、user、cgroup、time があります。`clone(CLONE_NEW…)` や `unshare` で作り、`setns` で参加します。Kubernetes の Namespace とは別物です。',
    },
    see: ['cgroups', 'pivot-root'],
  },
  {
    id: 'cgroups',
    term: { en: 'cgroups', ja: 'cgroup' },
    text: {
      en: 'Control groups: a tree under /sys/fs/cgroup (v2) in which the kernel accounts and limits CPU, memory, I/O and the number of processes for the processes placed in each group (by writing their PID to `cgroup.procs`). With the systemd driver, containers get `.scope` units inside slices.',
      ja: 'コントロールグループです。/sys/fs/cgroup(v2)の下のツリーで、各グループに入れたプロセス(PID を `cgroup.procs` に書いて入れる)について、カーネルが CPU、メモリ、I/O、プロセス数を計測し制限します。systemd ドライバーでは、コンテナは slice の中の `.scope` ユニットになります。',
    },
    see: ['namespaces'],
  },
  {
    id: 'pivot-root',
    term: { en: 'pivot_root', ja: 'pivot_root' },
    text: {
      en: "A system call that makes a directory the new root `/` of the calling process's mount namespace and moves the old root aside, where the runtime then unmounts it. Unlike chroot, nothing of the host's tree remains reachable.",
      ja: '呼び出したプロセスの mount namespace で、あるディレクトリを新しいルート `/` にし、古いルートを脇に移すシステムコールです。ランタイムはそのあと古いルートをアンマウントします。chroot と違い、ホストのツリーには一切たどり着けなくなります。',
    },
    see: ['rootfs', 'namespaces'],
  },
  {
    id: 'seccomp',
    term: { en: 'seccomp', ja: 'seccomp' },
    text: {
      en: 'A kernel filter (a BPF program) on the system calls a process may make; a call outside the filter fails or kills the process. Container runtimes apply a default profile when asked (`seccompProfile: RuntimeDefault`); gVisor and Firecracker filter their own processes tightly.',
      ja: 'プロセスが使えるシステムコールに対するカーネルのフィルター(BPF プログラム)です。フィルター外の呼び出しは失敗するか、プロセスが強制終了されます。コンテナランタイムは指定されればデフォルトのプロファイルを適用します(`seccompProfile: RuntimeDefault`)。gVisor と Firecracker は自分自身のプロセスを厳しく制限します。',
    },
    see: ['sentry', 'firecracker'],
  },
  // --- images ---------------------------------------------------------------------------------
  {
    id: 'image-layer',
    term: { en: 'image layer', ja: 'イメージレイヤー' },
    text: {
      en: 'One tar archive (usually gzip- or zstd-compressed) of file changes, identified by its digest. An OCI image is a manifest listing layers in order plus a JSON config (entrypoint, environment, user); layers are shared between images that have them in common.',
      ja: 'ファイルの変更を固めた 1 つの tar アーカイブ(通常は gzip か zstd で圧縮)で、digest で識別されます。OCI イメージは、レイヤーを順に並べたマニフェストと JSON の設定(エントリーポイント、環境変数、ユーザー)からなり、共通のレイヤーはイメージ間で共有されます。',
    },
    see: ['overlayfs', 'rootfs'],
  },
  {
    id: 'overlayfs',
    term: { en: 'overlayfs', ja: 'overlayfs' },
    text: {
      en: "A union file system: read-only lower directories (the unpacked image layers) with one writable upper directory on top, shown as a single tree. containerd's overlayfs snapshotter keeps each layer as a snapshot and mounts them this way for every container.",
      ja: 'ユニオンファイルシステムです。読み取り専用の lower ディレクトリ(展開されたイメージレイヤー)の上に書き込み可能な upper ディレクトリを 1 つ重ね、1 つのツリーとして見せます。containerd の overlayfs スナップショッターは各レイヤーをスナップショットとして持ち、コンテナごとにこの形でマウントします。',
    },
    see: ['image-layer', 'rootfs'],
  },
  {
    id: 'rootfs',
    term: { en: 'rootfs', ja: 'rootfs' },
    text: {
      en: "The directory that becomes a container's `/`: the image's layers mounted together (overlayfs) with a writable layer on top. It sits in the OCI bundle next to config.json; the runtime pivot_roots into it.",
      ja: 'コンテナの `/` になるディレクトリです。イメージのレイヤーを(overlayfs で)重ねてマウントし、その上に書き込み可能なレイヤーを載せたものです。OCI バンドルの中で config.json の隣に置かれ、ランタイムはそこに pivot_root します。',
    },
    see: ['pivot-root', 'oci-runtime-spec'],
  },
  // --- runtimes -------------------------------------------------------------------------------
  {
    id: 'high-level-runtime',
    term: { en: 'high-level runtime', ja: '高レベルランタイム' },
    text: {
      en: 'A long-running daemon that manages images (pull, unpack, store), container metadata and networking hooks, and serves an API (the CRI for the kubelet, its own API for Docker and `ctr`). It does not create containers itself: it runs a low-level runtime. containerd and CRI-O are high-level runtimes.',
      ja: 'イメージ(取得、展開、保存)、コンテナのメタデータ、ネットワークのフックを管理し、API(kubelet には CRI、Docker や `ctr` には独自の API)を提供する常駐デーモンです。自分ではコンテナを作らず、低レベルランタイムを実行します。containerd や CRI-O が高レベルランタイムです。',
    },
    see: ['low-level-runtime', 'containerd'],
  },
  {
    id: 'low-level-runtime',
    term: { en: 'low-level runtime', ja: '低レベルランタイム' },
    text: {
      en: 'A program, not a daemon, that takes an OCI bundle (config.json and a rootfs) and creates the container: namespaces, cgroups, mounts, pivot_root, capabilities, then the process. runc and crun use the host kernel; runsc (gVisor) and Kata put another kernel in between.',
      ja: 'デーモンではなくプログラムで、OCI バンドル(config.json と rootfs)を受け取ってコンテナを作ります。namespace、cgroup、マウント、pivot_root、capability を整えてからプロセスを起動します。runc と crun はホストのカーネルを使い、runsc(gVisor)と Kata は間に別のカーネルを置きます。',
    },
    see: ['high-level-runtime', 'runc', 'oci-runtime-spec'],
  },
  {
    id: 'oci-runtime-spec',
    term: { en: 'OCI Runtime Specification', ja: 'OCI Runtime Spec' },
    text: {
      en: "The Open Container Initiative's standard for a container bundle's config.json (process, root, mounts, Linux namespaces and cgroups, hooks) and for the operations create, start, kill, delete and state. Any compliant low-level runtime can run any compliant bundle.",
      ja: 'Open Container Initiative による標準で、コンテナバンドルの config.json(プロセス、ルート、マウント、Linux の namespace と cgroup、フック)と、create、start、kill、delete、state の操作を定めています。準拠した低レベルランタイムなら、準拠したバンドルをどれでも実行できます。',
    },
    see: ['low-level-runtime', 'runc'],
  },
  {
    id: 'containerd',
    term: { en: 'containerd', ja: 'containerd' },
    text: {
      en: 'A CNCF graduated high-level runtime. It stores images and snapshots, keeps containers and tasks in namespaces (`k8s.io` for the kubelet, `moby` for Docker), serves the CRI through its built-in CRI plugin, and starts one shim per container or Pod.',
      ja: 'CNCF の graduated プロジェクトである高レベルランタイムです。イメージとスナップショットを保存し、コンテナとタスクを namespace(kubelet は `k8s.io`、Docker は `moby`)ごとに管理し、組み込みの CRI プラグインで CRI を提供し、コンテナまたは Pod ごとに shim を起動します。',
    },
    see: ['high-level-runtime', 'containerd-shim'],
  },
  {
    id: 'containerd-shim',
    term: { en: 'containerd shim', ja: 'containerd の shim' },
    text: {
      en: "A small process per container (or per Pod) between containerd and the low-level runtime, e.g. containerd-shim-runc-v2. It runs `runc create`/`start`, becomes the container's parent (as a child subreaper), holds its stdio and exit status, and lets containerd restart without stopping containers.",
      ja: 'containerd と低レベルランタイムの間に、コンテナ(または Pod)ごとに置かれる小さなプロセスです(例: containerd-shim-runc-v2)。`runc create`/`start` を実行し、(child subreaper として)コンテナの親になり、標準入出力と終了ステータスを保持します。そのため containerd を再起動してもコンテナは止まりません。',
    },
    see: ['containerd', 'runc'],
  },
  {
    id: 'runc',
    term: { en: 'runc', ja: 'runc' },
    text: {
      en: "The reference OCI low-level runtime, written in Go (libcontainer). `runc create` sets up namespaces, cgroups and the rootfs and leaves the process waiting on a FIFO; `runc start` lets it exec the entrypoint. The container's processes are ordinary host processes.",
      ja: 'Go(libcontainer)で書かれた、OCI の低レベルランタイムのリファレンス実装です。`runc create` が namespace、cgroup、rootfs を整えてプロセスを FIFO で待たせ、`runc start` でエントリーポイントを exec させます。コンテナのプロセスはホストの普通のプロセスです。',
    },
    see: ['low-level-runtime', 'oci-runtime-spec'],
  },
  {
    id: 'dockerd',
    term: { en: 'dockerd', ja: 'dockerd' },
    text: {
      en: "Docker Engine's daemon. It serves the Engine REST API on /var/run/docker.sock to the `docker` CLI, keeps its own container records, sets up networking (the docker0 bridge, port publishing), and hands image storage and container execution to containerd.",
      ja: 'Docker Engine のデーモンです。`docker` CLI に /var/run/docker.sock 上で Engine の REST API を提供し、独自のコンテナ記録を持ち、ネットワーク(docker0 ブリッジ、ポート公開)を設定し、イメージの保存とコンテナの実行は containerd に任せます。',
    },
    see: ['containerd'],
  },
  {
    id: 'pod-sandbox',
    term: { en: 'Pod sandbox', ja: 'Pod サンドボックス' },
    text: {
      en: "The CRI's name for the environment a Pod's containers share, made by RunPodSandbox before any container. With runc it is the pause container holding the network, IPC and UTS namespaces; with Kata it is a whole VM; with gVisor, one Sentry.",
      ja: 'Pod のコンテナが共有する環境を指す CRI の用語で、どのコンテナよりも先に RunPodSandbox で作られます。runc では network、IPC、UTS の namespace を保持する pause コンテナ、Kata では VM 全体、gVisor では 1 つの Sentry です。',
    },
    see: ['namespaces', 'kata-containers', 'gvisor'],
  },
  // --- sandboxed runtimes ---------------------------------------------------------------------
  {
    id: 'gvisor',
    term: { en: 'gVisor (runsc)', ja: 'gVisor(runsc)' },
    text: {
      en: "An OCI runtime, `runsc`, that runs the container on an application kernel in user space, the Sentry, instead of directly on the host kernel. File access goes through the Gofer. containerd uses it through containerd-shim-runsc-v1.",
      ja: 'コンテナをホストのカーネルに直接ではなく、ユーザー空間のアプリケーションカーネルである Sentry の上で動かす OCI ランタイム `runsc` です。ファイルへのアクセスは Gofer を通ります。containerd からは containerd-shim-runsc-v1 を通して使います。',
    },
    see: ['sentry', 'gofer', 'seccomp'],
  },
  {
    id: 'sentry',
    term: { en: 'Sentry', ja: 'Sentry' },
    text: {
      en: "gVisor's kernel, written in Go: it implements Linux system calls, memory management, signals and a network stack (netstack) for the sandboxed application, and itself uses only a small, seccomp-filtered set of host system calls. A platform (systrap, KVM) routes the application's syscalls to it.",
      ja: 'Go で書かれた gVisor のカーネルです。サンドボックス内のアプリケーションのために Linux のシステムコール、メモリ管理、シグナル、ネットワークスタック(netstack)を実装し、自身は seccomp で絞られたわずかなホストのシステムコールだけを使います。プラットフォーム(systrap、KVM)がアプリケーションのシステムコールを Sentry に回します。',
    },
    see: ['gvisor', 'gofer', 'seccomp'],
  },
  {
    id: 'gofer',
    term: { en: 'Gofer', ja: 'Gofer' },
    text: {
      en: "A gVisor host process, one per container, that opens the container's files on the host and serves them to the Sentry (over the LISAFS protocol). The Sentry itself runs in an empty root and cannot open host files.",
      ja: 'コンテナごとに 1 つある gVisor のホスト側プロセスで、ホスト上のコンテナのファイルを開き、(LISAFS プロトコルで)Sentry に提供します。Sentry 自身は空のルートで動き、ホストのファイルを開けません。',
    },
    see: ['gvisor', 'sentry'],
  },
  {
    id: 'kata-containers',
    term: { en: 'Kata Containers', ja: 'Kata Containers' },
    text: {
      en: "A runtime that runs each Pod in a lightweight virtual machine with its own guest kernel. containerd talks to containerd-shim-kata-v2, which starts a VMM (QEMU, Cloud Hypervisor or Firecracker) and drives the kata-agent inside the VM.",
      ja: 'Pod ごとに、独自のゲストカーネルを持つ軽量な仮想マシンで動かすランタイムです。containerd は containerd-shim-kata-v2 と話し、shim が VMM(QEMU、Cloud Hypervisor、Firecracker)を起動して VM 内の kata-agent を操作します。',
    },
    see: ['firecracker', 'kata-agent', 'microvm'],
  },
  {
    id: 'firecracker',
    term: { en: 'Firecracker', ja: 'Firecracker' },
    text: {
      en: 'A minimal virtual machine monitor from AWS, built on KVM, that starts microVMs configured through a REST API socket or a config file. Each VM is one host process, whose threads are confined by seccomp filters.',
      ja: 'AWS が開発した、KVM を使う最小限の仮想マシンモニターです。REST API のソケットか設定ファイルで構成した microVM を起動します。各 VM はホスト上の 1 つのプロセスで、そのスレッドは seccomp フィルターで制限されます。',
    },
    see: ['microvm', 'kata-containers'],
  },
  {
    id: 'microvm',
    term: { en: 'microVM', ja: 'microVM' },
    text: {
      en: 'A virtual machine stripped to what a container needs: a few virtio devices (block, network, vsock), no BIOS or PCI emulation. It boots a guest kernel in a fraction of a second and costs a few MiB of overhead, giving VM-level isolation at close to container speed.',
      ja: 'コンテナに必要なものだけに絞った仮想マシンです。virtio デバイス(ブロック、ネットワーク、vsock)がいくつかあるだけで、BIOS や PCI のエミュレーションはありません。ゲストカーネルは 1 秒足らずで起動し、オーバーヘッドは数 MiB で、コンテナに近い速さで VM 並みの隔離が得られます。',
    },
    see: ['firecracker'],
  },
  {
    id: 'kata-agent',
    term: { en: 'kata-agent', ja: 'kata-agent' },
    text: {
      en: "The process inside a Kata VM that the shim drives over gRPC on vsock (port 1024): CreateSandbox, CreateContainer, StartContainer, SignalProcess… It creates the containers in the guest with its own libcontainer, rustjail.",
      ja: 'Kata の VM の中で動くプロセスで、shim から vsock(ポート 1024)上の gRPC で操作されます(CreateSandbox、CreateContainer、StartContainer、SignalProcess など)。独自の libcontainer である rustjail でゲストの中にコンテナを作ります。',
    },
    see: ['kata-containers'],
  },
  // --- rkt ------------------------------------------------------------------------------------
  {
    id: 'rkt',
    term: { en: 'rkt', ja: 'rkt' },
    text: {
      en: 'A container engine started by CoreOS in 2014 and archived by the CNCF in 2019. No daemon: each `rkt` command is a process, and pods run as systemd services. It ran appc ACI and Docker images, with pods as the unit and a pluggable stage1 for isolation.',
      ja: 'CoreOS が 2014 年に始め、2019 年に CNCF でアーカイブされたコンテナエンジンです。デーモンがなく、`rkt` コマンドはそれぞれが 1 つのプロセスで、Pod は systemd のサービスとして動きます。appc の ACI と Docker のイメージを扱い、Pod を単位とし、隔離方式を stage1 で差し替えられました。',
    },
    see: ['rkt-stage0', 'rkt-stage1', 'rkt-stage2', 'rktlet'],
  },
  {
    id: 'aci',
    term: { en: 'ACI (App Container Image)', ja: 'ACI(App Container Image)' },
    text: {
      en: 'The image format of the appc specification: a tar of a rootfs plus an image manifest, signed with a detached GPG signature that rkt verifies against keys added with `rkt trust`. rkt converts Docker images to ACIs with docker2aci.',
      ja: 'appc 仕様のイメージ形式で、rootfs とイメージマニフェストを tar にしたものです。分離 GPG 署名が付き、rkt は `rkt trust` で追加した鍵でそれを検証します。rkt は Docker のイメージを docker2aci で ACI に変換します。',
    },
    see: ['rkt'],
  },
  {
    id: 'rkt-stage0',
    term: { en: 'stage0 (rkt)', ja: 'stage0(rkt)' },
    text: {
      en: 'The `rkt` command itself: it talks to the user, fetches and verifies images, writes the pod directory and manifest under /var/lib/rkt/pods, then execs stage1 (for `rkt run`) or exits.',
      ja: '`rkt` コマンドそのものです。ユーザーとやり取りし、イメージを取得・検証し、/var/lib/rkt/pods の下に Pod のディレクトリとマニフェストを書いてから、(`rkt run` なら)stage1 を exec し、そうでなければ終了します。',
    },
    see: ['rkt-stage1', 'rkt-stage2'],
  },
  {
    id: 'rkt-stage1',
    term: { en: 'stage1 (rkt)', ja: 'stage1(rkt)' },
    text: {
      en: "The part of rkt that implements the pod, shipped as an image of its own (e.g. coreos.com/rkt/stage1-coreos): it sets up the pod's isolation and network and supervises the apps. Chosen per pod with `--stage1-name`.",
      ja: 'Pod を実装する rkt の部分で、それ自体が 1 つのイメージとして配布されます(例: coreos.com/rkt/stage1-coreos)。Pod の隔離とネットワークを整え、アプリを監督します。`--stage1-name` で Pod ごとに選びます。',
    },
    see: ['stage1-flavours', 'rkt-stage0', 'rkt-stage2'],
  },
  {
    id: 'rkt-stage2',
    term: { en: 'stage2 (rkt)', ja: 'stage2(rkt)' },
    text: {
      en: "The apps of a rkt pod: each one chroot'ed into its own image's rootfs under /opt/stage2/<app>/rootfs and started by stage1 (with stage1-coreos, as a systemd service).",
      ja: 'rkt の Pod の中のアプリです。それぞれ /opt/stage2/<app>/rootfs にある自分のイメージの rootfs に chroot し、stage1 によって(stage1-coreos では systemd のサービスとして)起動されます。',
    },
    see: ['rkt-stage1'],
  },
  {
    id: 'stage1-flavours',
    term: { en: 'stage1 flavours', ja: 'stage1 のフレーバー' },
    text: {
      en: 'The stage1 images rkt shipped: coreos (default; systemd-nspawn with mount, PID, UTS and IPC namespaces plus its own network namespace), fly (only chroot; host network, PIDs and mounts; one app per pod) and kvm (a virtual machine per pod with its own kernel).',
      ja: 'rkt が提供していた stage1 のイメージです。coreos(デフォルト。systemd-nspawn による mount、PID、UTS、IPC の namespace と独自の network namespace)、fly(chroot のみ。ホストのネットワーク、PID、マウントを使い、Pod ごとにアプリ 1 つ)、kvm(Pod ごとに独自のカーネルを持つ仮想マシン)があります。',
    },
    see: ['rkt-stage1', 'systemd-nspawn'],
  },
  {
    id: 'systemd-nspawn',
    term: { en: 'systemd-nspawn', ja: 'systemd-nspawn' },
    text: {
      en: 'systemd\'s tool for running a lightweight container from a directory tree: it creates new namespaces, registers the machine with systemd-machined in machine.slice, and usually boots an init inside. rkt\'s stage1-coreos uses it to boot a systemd per pod.',
      ja: 'ディレクトリツリーから軽量なコンテナを動かす systemd のツールです。新しい namespace を作り、machine.slice で systemd-machined にマシンとして登録し、通常は中で init を起動します。rkt の stage1-coreos はこれで Pod ごとに systemd を起動します。',
    },
    see: ['stage1-flavours', 'namespaces'],
  },
  {
    id: 'immutable-pod',
    term: { en: 'immutable pod (rkt)', ja: 'immutable な Pod(rkt)' },
    text: {
      en: 'A rkt pod whose apps are fixed in its manifest before it starts (`coreos.com/rkt/stage1/mutable: false`), as with every `rkt run`. `rkt app add` on it fails with "immutable pod". This is why rkt could not serve the CRI\'s sandbox-then-containers calls as it was.',
      ja: '起動前にマニフェストでアプリが確定している rkt の Pod です(`coreos.com/rkt/stage1/mutable: false`)。`rkt run` で作る Pod はすべてそうです。これに `rkt app add` をすると "immutable pod" で失敗します。そのため rkt は、サンドボックスを先に作ってコンテナを加える CRI の呼び出しにそのままでは応えられませんでした。',
    },
    see: ['rkt-app', 'rktlet'],
  },
  {
    id: 'rkt-app',
    term: { en: 'rkt app', ja: 'rkt app' },
    text: {
      en: 'Experimental rkt subcommands (enabled with RKT_EXPERIMENT_APP=true) for mutable pods: `rkt app sandbox` starts an empty pod, `rkt app add`, `start`, `stop`, `rm` and `list` change it while it runs. They map one to one onto the CRI\'s RunPodSandbox, CreateContainer, StartContainer, StopContainer and RemoveContainer.',
      ja: '変更可能な Pod のための、実験的な rkt のサブコマンドです(RKT_EXPERIMENT_APP=true で有効)。`rkt app sandbox` が空の Pod を起動し、`rkt app add`、`start`、`stop`、`rm`、`list` で動作中の Pod を変更します。CRI の RunPodSandbox、CreateContainer、StartContainer、StopContainer、RemoveContainer に 1 対 1 で対応します。',
    },
    see: ['immutable-pod', 'rktlet'],
  },
  {
    id: 'rktlet',
    term: { en: 'rktlet', ja: 'rktlet' },
    text: {
      en: "A CRI server for rkt, developed by Kinvolk, that replaced the kubelet's built-in rkt support (\"rktnetes\", Kubernetes 1.3). It answers each CRI call by running rkt commands — `rkt app sandbox` through `systemd-run`, `rkt app add`, `rkt app start`, `rkt status` — with its own data directory.",
      ja: 'Kinvolk が開発した rkt 用の CRI サーバーで、kubelet に組み込まれていた rkt 対応(「rktnetes」、Kubernetes 1.3)に代わるものです。CRI の呼び出しのそれぞれに rkt コマンドを実行して応えます(`systemd-run` 経由の `rkt app sandbox`、`rkt app add`、`rkt app start`、`rkt status`)。データは専用のディレクトリに置きます。',
    },
    see: ['rkt-app', 'immutable-pod'],
  },
];
