/** Image references, a catalog of well-known images, and a pure SHA-256. */
export { imageInfo, shortImageName, KNOWN_IMAGES, type ImageInfo } from './catalog.ts';
export {
  normalizeImageName,
  parseImageReference,
  parseImageName,
  familiarName,
  repositoryName,
  referenceString,
  DEFAULT_DOMAIN,
  DEFAULT_TAG,
  ERR_INVALID_REFERENCE,
  type ImageReference,
} from './reference.ts';
export { sha256, sha256Hex, utf8 } from './sha256.ts';
