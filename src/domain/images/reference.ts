/**
 * Image references as github.com/distribution/reference parses them (regexp.go, normalize.go:
 * ParseNormalizedNamed, splitDockerDomain, TagNameOnly, FamiliarString), which is what the kubelet
 * (pkg/util/parsers.ParseImageName) and containerd's CRI plugin use.
 *
 * "nginx" is docker.io/library/nginx; "bitnami/redis" is docker.io/bitnami/redis; the first path
 * component is a registry host only when it has a '.' or ':', is 'localhost', or has capitals.
 */

export const DEFAULT_DOMAIN = 'docker.io';
const LEGACY_DEFAULT_DOMAIN = 'index.docker.io';
const OFFICIAL_REPO_PREFIX = 'library/';
export const DEFAULT_TAG = 'latest';
const NAME_TOTAL_LENGTH_MAX = 255;

const alphanumeric = '[a-z0-9]+';
const separator = '(?:[._]|__|[-]+)';
const pathComponent = `${alphanumeric}(?:${separator}${alphanumeric})*`;
const domainNameComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const ipv6address = '\\[(?:[a-fA-F0-9:]+)\\]';
const domainName = `${domainNameComponent}(?:\\.${domainNameComponent})*`;
const host = `(?:${domainName}|${ipv6address})`;
const domainAndPort = `${host}(?::[0-9]+)?`;
const tagPattern = '[\\w][\\w.-]{0,127}';
const digestPattern = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}';
const namePattern = `(?:${domainAndPort}/)?${pathComponent}(?:/${pathComponent})*`;
const referenceRegexp = new RegExp(`^(${namePattern})(?::(${tagPattern}))?(?:@(${digestPattern}))?$`);
const anchoredIdentifier = /^[a-f0-9]{64}$/;

/** ErrReferenceInvalidFormat */
export const ERR_INVALID_REFERENCE = 'invalid reference format';

/** A parsed, normalized reference. */
export interface ImageReference {
  /** Registry host[:port]: 'docker.io', 'registry.k8s.io', 'localhost:5000'. */
  domain: string;
  /** Repository path inside the registry: 'library/nginx'. */
  path: string;
  tag?: string;
  digest?: string;
}

function splitDockerDomain(name: string): { domain: string; remainder: string } {
  const i = name.indexOf('/');
  let domain: string;
  let remainder: string;
  const first = i === -1 ? '' : name.slice(0, i);
  if (i === -1 || (!/[.:]/.test(first) && first !== 'localhost' && first.toLowerCase() === first)) {
    domain = DEFAULT_DOMAIN;
    remainder = name;
  } else {
    domain = first;
    remainder = name.slice(i + 1);
  }
  if (domain === LEGACY_DEFAULT_DOMAIN) domain = DEFAULT_DOMAIN;
  if (domain === DEFAULT_DOMAIN && !remainder.includes('/')) remainder = OFFICIAL_REPO_PREFIX + remainder;
  return { domain, remainder };
}

/**
 * ParseNormalizedNamed: throws with distribution/reference's messages
 * ("invalid reference format", "invalid reference format: repository name (library/Nginx) must be lowercase").
 */
export function parseImageReference(ref: string): ImageReference {
  if (anchoredIdentifier.test(ref)) {
    throw new Error(`invalid repository name (${ref}), cannot specify 64-byte hexadecimal strings`);
  }
  const { domain, remainder } = splitDockerDomain(ref);
  const tagSep = remainder.indexOf(':');
  const remote = tagSep > -1 ? remainder.slice(0, tagSep) : remainder;
  if (remote.toLowerCase() !== remote) {
    throw new Error(`${ERR_INVALID_REFERENCE}: repository name (${remote}) must be lowercase`);
  }
  const full = `${domain}/${remainder}`;
  const m = referenceRegexp.exec(full);
  if (!m) throw new Error(ERR_INVALID_REFERENCE);
  const name = m[1] as string;
  if (name.length > NAME_TOTAL_LENGTH_MAX) throw new Error(`repository name must not be more than ${NAME_TOTAL_LENGTH_MAX} characters`);
  const out: ImageReference = { domain, path: name.slice(domain.length + 1) };
  if (m[2] !== undefined) out.tag = m[2];
  if (m[3] !== undefined) out.digest = m[3];
  return out;
}

/** The repository name with its registry: 'docker.io/library/nginx'. */
export function repositoryName(ref: ImageReference): string {
  return `${ref.domain}/${ref.path}`;
}

/** The full normalized string, after TagNameOnly: 'docker.io/library/nginx:latest'. */
export function referenceString(ref: ImageReference): string {
  let s = repositoryName(ref);
  if (ref.tag !== undefined) s += `:${ref.tag}`;
  if (ref.digest !== undefined) s += `@${ref.digest}`;
  return s;
}

/**
 * Normalizes an image reference as containerd stores it: 'nginx:1.27' →
 * 'docker.io/library/nginx:1.27', 'nginx' → 'docker.io/library/nginx:latest'; registry hosts,
 * ports and digests are kept ('nginx@sha256:…' stays untagged).
 */
export function normalizeImageName(ref: string): string {
  const parsed = parseImageReference(ref);
  if (parsed.tag === undefined && parsed.digest === undefined) parsed.tag = DEFAULT_TAG;
  return referenceString(parsed);
}

/** FamiliarString: the short form people type ('docker.io/library/nginx:1.27' → 'nginx:1.27'). */
export function familiarName(ref: string): string {
  const parsed = parseImageReference(ref);
  let name = repositoryName(parsed);
  if (parsed.domain === DEFAULT_DOMAIN) {
    name = parsed.path.startsWith(OFFICIAL_REPO_PREFIX) && parsed.path.split('/').length === 2 ? parsed.path.slice(OFFICIAL_REPO_PREFIX.length) : parsed.path;
  }
  if (parsed.tag !== undefined) name += `:${parsed.tag}`;
  if (parsed.digest !== undefined) name += `@${parsed.digest}`;
  return name;
}

/**
 * parsers.ParseImageName: the repository to pull, the tag ('latest' when neither tag nor digest
 * is given, '' when only a digest is) and the digest. Throws
 * `couldn't parse image name "X": <reason>` as the kubelet does.
 */
export function parseImageName(image: string): { repository: string; tag: string; digest: string } {
  let parsed: ImageReference;
  try {
    parsed = parseImageReference(image);
  } catch (e) {
    throw new Error(`couldn't parse image name ${JSON.stringify(image)}: ${(e as Error).message}`);
  }
  let tag = parsed.tag ?? '';
  const digest = parsed.digest ?? '';
  if (tag === '' && digest === '') tag = DEFAULT_TAG;
  return { repository: repositoryName(parsed), tag, digest };
}
