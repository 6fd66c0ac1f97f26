/** The help texts of the `kube-anatomy` command. */

export const USAGE = `Usage: kube-anatomy <command> [options]

Commands:
  run <script>          Run a scenario script (*.scenario.yaml) and print each command's output
  replay <files...>     Import real recordings (files, folders, bundles) into one trace
  record                Capture a recording bundle from a real cluster and node
  serve [DIR]           Serve a trace library over HTTP and live traces over WebSocket

Options:
  -h, --help            Show this help (also: kube-anatomy <command> --help)
  -v, --version         Print the version

Exit codes: 0 done (commands inside a script may fail; their exit codes are in the output),
1 the script is invalid or a file cannot be read or written, 2 wrong usage.

Examples:
  npx kube-anatomy run examples/hello-deployment.scenario.yaml --trace hello.kanatomy.jsonl
  npx kube-anatomy record --duration 2m --out rollout.tar.gz
  npx kube-anatomy replay rollout.tar.gz --out rollout.kanatomy.jsonl
`;

export const RUN_USAGE = `Usage: kube-anatomy run <script> [--trace FILE] [--audit-log FILE [--audit-policy-file POLICY]] [--seed N] [--format text|json]

Runs a scenario script in the simulator and prints, for each "run" step, the line
"$ <command>" and then the command's output (its standard error goes to standard error).

Options:
  --trace FILE          Write the trace to FILE (JSON Lines: a header, then one event per line)
  --audit-log FILE      Write kube-apiserver's audit log to FILE (audit.k8s.io/v1 Events, one
                        per line, as --audit-log-path writes it; level Metadata for every request
                        unless a policy says otherwise)
  --audit-policy-file POLICY
                        With --audit-log: the audit policy (kind: Policy, audit.k8s.io/v1, YAML
                        or JSON) kube-apiserver reads from --audit-policy-file
  --seed N              Use seed N instead of the script's (names and uids change with it)
  --format text|json    text (default), or one JSON object per run step:
                        {"step","t","command","exitCode","stdout","stderr"}
  -h, --help            Show this help

Files named by "kubectl apply -f <path>" are read relative to the script's folder.
`;

export const REPLAY_USAGE = `Usage: kube-anatomy replay <files|folders|bundle.tar.gz...> --out FILE [--node NAME]
                           [--format FILE=FORMAT]... [--clock-offset FILE=±DURATION]... [--strict]

Imports real recordings (audit logs, events, watch streams, OTLP/Jaeger spans, ctr/crictl
events, strace of runc/crun, runc state, etcdctl watch, SimKube and kube-anatomy traces) and
merges them into one trace. The format of each file is detected; folders are read recursively;
a bundle (a folder or .tar.gz with a manifest.json, as "kube-anatomy record" writes it) gives
each file's format, node and clock offset.

Options:
  -o, --out FILE        Write the merged trace to FILE (JSON Lines; FILE.tmp, then renamed)
  --node NAME           The node of node-side files that name none (default node-1)
  --format FILE=FORMAT  Read FILE as FORMAT instead of detecting it (repeatable); FILE is the
                        path as given or its last part (pods.jsonl)
  --clock-offset FILE=±DURATION
                        Add DURATION to FILE's timestamps (repeatable), e.g. node.txt=-1.5s
                        (units ns, us, ms, s, m, h as in Go: 1m30s, 250ms)
  --strict              Exit 1 without writing when any line cannot be read
  -h, --help            Show this help

Each line that cannot be read is printed as "file:line: reason" and skipped; a summary per
file follows (format, events, errors, clock offset).
Exit codes: 0 the trace was written, 1 nothing could be read, no file had a known format,
--strict and a bad line, or the trace cannot be written; 2 wrong usage.
`;

export const RECORD_USAGE = `Usage: kube-anatomy record [--out DIR|FILE.tar.gz] [--duration 30s] [options]

Captures what your permissions allow from a real cluster and node into one bundle (a folder,
or a .tar.gz, with a manifest.json) that "kube-anatomy replay" and the app read. Always: a
watch of each resource and of events.k8s.io Events (kubectl, each line stamped with its receive
time). When asked and available: the audit log, OTLP spans, ctr/crictl events, strace of runc,
an etcd watch. A source that cannot be read is skipped, said on stderr and in the manifest.
Stops after --duration, or on Ctrl-C (SIGINT) / SIGTERM, and writes the bundle either way.

Cluster (kubectl):
  --kubeconfig FILE     kubectl's --kubeconfig
  --context NAME        kubectl's --context
  -n, --namespace NS    Watch one namespace (default: all, -A)
  -A, --all-namespaces  Watch every namespace (the default)
  --resources LIST      Resources to watch, one kubectl per resource
                        (default pods,replicasets,deployments,nodes)
  --audit-log PATH      Tail kube-apiserver's --audit-log-path (lines written while recording)
  --otlp-listen HOST:PORT
                        Receive OTLP/HTTP JSON spans on POST /v1/traces (loopback only,
                        e.g. 127.0.0.1:4318; exporters need OTEL_EXPORTER_OTLP_PROTOCOL=http/json)
  --etcd-watch          Run etcdctl watch --prefix PREFIX -w json (needs --etcd-endpoints)
  --etcd-endpoints URL[,URL...]
  --etcd-prefix PREFIX  Default /registry/

Node:
  --node NAME           The node the node-side files come from (default: this host's name)
  --ctr-events          Run ctr events [--containerd-address SOCK] [--ctr-namespace k8s.io]
  --crictl-events       Run crictl events -o json [--runtime-endpoint ENDPOINT]
  --strace-runc         Write a runc wrapper that straces create/start/delete/kill into the
                        bundle [--runc-binary PATH]; prints how to point containerd at it

Output:
  -o, --out DIR|FILE.tar.gz
                        Where the bundle goes (default kube-anatomy-YYYYMMDD-HHMMSS/)
  -d, --duration D      Stop after D (30s, 2m, 1h30m); default: until Ctrl-C
  --no-redact           Keep secrets and tokens (redacted to "<redacted>" by default)
  --live ws://HOST:PORT/live/NAME/record
                        Also stream every line to a replay server (kube-anatomy serve)
  -h, --help            Show this help

Exit codes: 0 the bundle was written, 1 nothing could be recorded or the bundle cannot be
written, 2 wrong usage.
`;
