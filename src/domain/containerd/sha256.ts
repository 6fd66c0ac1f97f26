import { sha256Hex as hex } from '../images/sha256.ts';

/** SHA-256 of a string's UTF-8 bytes, as lowercase hex (the one implementation is images/sha256.ts). */
export function sha256Hex(text: string): string {
  return hex(text);
}

/** `sha256:<hex>`: an OCI content digest of the text. */
export function sha256Digest(text: string): string {
  return `sha256:${hex(text)}`;
}
