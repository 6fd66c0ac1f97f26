/** Recording bundles: the manifest, the tar reader, a bundle's import inputs. */
export { readTar, TarFormatError, type TarEntry, type TarEntryType } from './tar-reader.ts';
export { parseBundleManifest, BundleManifestError, BUNDLE_FORMAT, BUNDLE_VERSION, MANIFEST_FILE, type BundleManifest, type BundleFile } from './manifest.ts';
export { inputsFromBundle, type BundleInputs, type BundleMember } from './inputs.ts';
export { tarMembers } from './tar-members.ts';
export { ByteReader } from './byte-reader.ts';
