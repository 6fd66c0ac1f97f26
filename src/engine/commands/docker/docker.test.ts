import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../scenario/parse.ts';
import { runScenario } from '../../scenario/runner.ts';

// docker/cli cli/command/container/{run,create,rm}.go and image/pull.go against moby's
// daemon/create.go (name conflict), daemon/delete.go (force), distribution errors.
const SCENARIO = `
seed: 9
cluster:
  docker:
    - name: host-1
steps:
  - run: docker run -d --name a busybox sleep 3600
  - run: docker run -d --name a busybox sleep 3600
  - run: docker rm -f a
  - run: docker pull busybox
  - run: docker pull nosuchimage
  - run: docker run nosuchimage
  - run: docker rm -f nothere
  - run: ssh host-1 docker ps -a
  - run: docker run busybox sleep 5
  - wait: 10s
  - run: docker run busybox sleep 3600
`;

describe('docker error paths', () => {
  const r = runScenario(parseScenario(SCENARIO, 'docker-errors.scenario.yaml'));
  const o = (i: number) => r.outputs[i];
  const id = (o(0)?.stdout ?? '').trim();

  it('refuses a name in use, with the container that holds it', () => {
    expect(o(1)).toMatchObject({ exitCode: 125, stdout: '' });
    expect(o(1)?.stderr).toBe(`docker: Error response from daemon: Conflict. The container name "/a" is already in use by container "${id}". You have to remove (or rename) that container to be able to reuse that name.\n\nRun 'docker run --help' for more information\n`);
  });

  it('removes a running container with -f, and -f ignores a missing one', () => {
    expect(o(2)).toMatchObject({ exitCode: 0, stdout: 'a\n' });
    expect(o(6)).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
    expect(o(7)?.stdout).toBe('CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES\n');
  });

  it('says an image it has is up to date, and words the registry\'s refusal', () => {
    expect(o(3)?.stdout).toMatch(/^Using default tag: latest\nlatest: Pulling from library\/busybox\nDigest: sha256:[0-9a-f]{64}\nStatus: Image is up to date for busybox:latest\ndocker\.io\/library\/busybox:latest\n$/);
    expect(o(4)).toMatchObject({ exitCode: 1, stdout: 'Using default tag: latest\n', stderr: "Error response from daemon: pull access denied for nosuchimage, repository does not exist or may require 'docker login': denied: requested access to the resource is denied\n" });
    expect(o(5)).toMatchObject({ exitCode: 125 });
    expect(o(5)?.stderr).toBe("Unable to find image 'nosuchimage:latest' locally\ndocker: Error response from daemon: pull access denied for nosuchimage, repository does not exist or may require 'docker login': denied: requested access to the resource is denied\n\nRun 'docker run --help' for more information\n");
  });

  it('keeps a foreground docker run going in a second terminal until its container exits', () => {
    expect(o(8)).toMatchObject({ exitCode: 0, stdout: '' });
    expect(o(9)).toMatchObject({ exitCode: 130, stdout: '' });
  });
});
