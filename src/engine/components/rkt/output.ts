/**
 * A rkt process's stdout and stderr. rkt's loggers (pkg/log) are Go log.Loggers: stderr's
 * prefix is the subcommand's name and ": " ("add: …", "run: …"), stdout has none, and every
 * Print ends with a newline. `printE(msg, innermost)` is PrintE without --debug: the message,
 * ": ", and only the innermost wrapped error (formatErr).
 */
export class Output {
  stdout = '';
  stderr = '';

  constructor(private readonly prefix: string) {}

  private static line(s: string): string {
    return s.endsWith('\n') ? s : `${s}\n`;
  }

  print(s: string): void {
    this.stdout += Output.line(s);
  }

  /** Raw bytes on stdout (a tabwriter's buffer, a JSON document with its newline). */
  write(s: string): void {
    this.stdout += s;
  }

  err(s: string): void {
    this.stderr += Output.line(`${this.prefix}: ${s}`);
  }

  printE(msg: string, innermost: string): void {
    this.err(msg ? `${msg}: ${innermost}` : innermost);
  }

  /** A line another logger wrote (stage1's "stage1: …", "image: …"). */
  raw(s: string): void {
    this.stderr += Output.line(s);
  }
}
