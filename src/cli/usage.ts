/** The help texts of the `kube-anatomy` command. */

export const USAGE = `Usage: kube-anatomy <command> [options]

Commands:
  run <script>          Run a scenario script (*.scenario.yaml) and print each command's output
  replay <files...>     Import real traces into one normalized trace (coming in a later release)
  record                Capture a trace on a real node or cluster (coming in a later release)
  serve                 Start the replay server (coming in a later release)

Options:
  -h, --help            Show this help (also: kube-anatomy <command> --help)
  -v, --version         Print the version

Exit codes: 0 done (commands inside a script may fail; their exit codes are in the output),
1 the script is invalid or a file cannot be read or written, 2 wrong usage.

Example:
  npx kube-anatomy run examples/hello-deployment.scenario.yaml --trace hello.kanatomy.jsonl
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
