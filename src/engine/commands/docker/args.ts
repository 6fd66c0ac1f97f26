/**
 * The docker CLI's command lines this release simulates (docker/cli cli/command/container and
 * image, pflag parsing: flags before the first positional argument of `run`, `--flag=value` or
 * `--flag value`, bundled short flags like `-dit` are not supported).
 */
export type DockerCommand =
  | { cmd: 'run'; detach: boolean; name?: string; publish: string[]; image: string; args: string[] }
  | { cmd: 'ps'; all: boolean }
  | { cmd: 'stop'; timeout?: number; targets: string[] }
  | { cmd: 'rm'; force: boolean; targets: string[] }
  | { cmd: 'pull'; image: string }
  | { cmd: 'images' };

export interface DockerArgsError {
  error: string;
  exitCode: number;
}

export function parseDockerArgs(argv: readonly string[]): DockerCommand | DockerArgsError {
  const [sub, ...rest] = argv;
  const words = sub === 'container' || sub === 'image' ? rest.slice(1) : rest;
  // `docker container ls` is `docker ps`, `docker image ls` is `docker images` (cobra aliases).
  const name = sub === 'container' ? (rest[0] === 'ls' || rest[0] === 'list' ? 'ps' : rest[0]) : sub === 'image' ? (rest[0] === 'ls' || rest[0] === 'list' ? 'images' : rest[0]) : sub;
  const usage = (what: string, min: string): DockerArgsError => ({ error: `"docker ${what}" requires ${min} argument.\n\nUsage:  docker ${what} ${USAGE[what] ?? ''}\n\nSee 'docker ${what} --help' for more information\n`, exitCode: 1 });
  switch (name) {
    case 'run': {
      let detach = false;
      let cname: string | undefined;
      const publish: string[] = [];
      let i = 0;
      for (; i < words.length; i++) {
        const w = words[i] as string;
        if (!w.startsWith('-')) break;
        if (w === '-d' || w === '--detach') detach = true;
        else if (w === '--rm') continue;
        else if (w === '--name' || w === '-p' || w === '--publish') {
          const v = words[++i];
          if (v === undefined) return { error: `flag needs an argument: ${w}\nSee 'docker run --help'.\n`, exitCode: 125 };
          if (w === '--name') cname = v;
          else publish.push(v);
        } else if (w.startsWith('--name=')) cname = w.slice('--name='.length);
        else if (w.startsWith('--publish=')) publish.push(w.slice('--publish='.length));
        else return { error: `unknown flag: ${w}\nSee 'docker run --help'.\n`, exitCode: 125 };
      }
      const image = words[i];
      if (image === undefined) return { error: `docker: 'docker run' requires at least 1 argument\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nSee 'docker run --help' for more information\n`, exitCode: 125 };
      return { cmd: 'run', detach, ...(cname !== undefined ? { name: cname } : {}), publish, image, args: words.slice(i + 1) };
    }
    case 'ps':
      return { cmd: 'ps', all: words.includes('-a') || words.includes('--all') };
    case 'stop': {
      const targets: string[] = [];
      let timeout: number | undefined;
      for (let i = 0; i < words.length; i++) {
        const w = words[i] as string;
        if (w === '-t' || w === '--timeout') timeout = Number(words[++i]);
        else targets.push(w);
      }
      if (targets.length === 0) return usage('stop', 'at least 1');
      return { cmd: 'stop', targets, ...(timeout !== undefined ? { timeout } : {}) };
    }
    case 'rm': {
      const force = words.includes('-f') || words.includes('--force');
      const targets = words.filter((w) => !w.startsWith('-'));
      if (targets.length === 0) return usage('rm', 'at least 1');
      return { cmd: 'rm', force, targets };
    }
    case 'pull': {
      const image = words.find((w) => !w.startsWith('-'));
      if (image === undefined) return usage('pull', 'exactly 1');
      return { cmd: 'pull', image };
    }
    case 'images':
      return { cmd: 'images' };
    case undefined:
      return { error: 'Usage:  docker [OPTIONS] COMMAND\n', exitCode: 0 };
    default:
      return { error: `docker: unknown command: docker ${name}\n\nRun 'docker --help' for more information\n`, exitCode: 1 };
  }
}

const USAGE: Record<string, string> = {
  stop: '[OPTIONS] CONTAINER [CONTAINER...]',
  rm: '[OPTIONS] CONTAINER [CONTAINER...]',
  pull: '[OPTIONS] NAME[:TAG|@DIGEST]',
};

export function isDockerArgsError(x: DockerCommand | DockerArgsError): x is DockerArgsError {
  return 'error' in x;
}
