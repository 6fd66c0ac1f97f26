/**
 * A MessagePack decoder (github.com/msgpack/msgpack/blob/master/spec.md), complete for the
 * types: nil, bool, int (positive/negative fixint, int/uint 8–64), float 32/64, str, bin,
 * array, map (fix, 16, 32). 64-bit integers beyond Number.MAX_SAFE_INTEGER are kept as decimal
 * strings (SimKube's u64 hashes). Map keys that are not strings (SimKube's `pod_lifecycles`
 * keys are `[GVK, "ns/name"]` arrays) become their JSON text. Ext values (fixext, ext 8–32,
 * the timestamp type -1 included) are skipped and counted in `warnings`.
 */
export class MsgpackError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} at byte ${offset}`);
    this.name = 'MsgpackError';
  }
}

export interface Decoded {
  value: unknown;
  warnings: string[];
}

export function decodeMsgpack(bytes: Uint8Array): Decoded {
  const d = new Decoder(bytes);
  const value = d.read();
  if (d.pos !== bytes.length) throw new MsgpackError(`${bytes.length - d.pos} bytes after the end of the value`, d.pos);
  return { value, warnings: d.warnings };
}

const text = new TextDecoder('utf-8', { fatal: true });

class Decoder {
  pos = 0;
  readonly warnings: string[] = [];
  private readonly view: DataView;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  read(): unknown {
    const at = this.pos;
    const b = this.u8();
    if (b <= 0x7f) return b;
    if (b >= 0xe0) return b - 0x100;
    if (b >= 0x80 && b <= 0x8f) return this.map(b & 0x0f);
    if (b >= 0x90 && b <= 0x9f) return this.array(b & 0x0f);
    if (b >= 0xa0 && b <= 0xbf) return this.str(b & 0x1f);
    switch (b) {
      case 0xc0:
        return null;
      case 0xc2:
        return false;
      case 0xc3:
        return true;
      case 0xc4:
        return this.bin(this.u8());
      case 0xc5:
        return this.bin(this.u16());
      case 0xc6:
        return this.bin(this.u32());
      case 0xc7:
        return this.ext(this.u8(), at);
      case 0xc8:
        return this.ext(this.u16(), at);
      case 0xc9:
        return this.ext(this.u32(), at);
      case 0xca:
        return this.need(4) && this.view.getFloat32(this.advance(4));
      case 0xcb:
        return this.need(8) && this.view.getFloat64(this.advance(8));
      case 0xcc:
        return this.u8();
      case 0xcd:
        return this.u16();
      case 0xce:
        return this.u32();
      case 0xcf:
        return this.need(8) && big(this.view.getBigUint64(this.advance(8)));
      case 0xd0:
        return this.need(1) && this.view.getInt8(this.advance(1));
      case 0xd1:
        return this.need(2) && this.view.getInt16(this.advance(2));
      case 0xd2:
        return this.need(4) && this.view.getInt32(this.advance(4));
      case 0xd3:
        return this.need(8) && big(this.view.getBigInt64(this.advance(8)));
      case 0xd4:
        return this.ext(1, at);
      case 0xd5:
        return this.ext(2, at);
      case 0xd6:
        return this.ext(4, at);
      case 0xd7:
        return this.ext(8, at);
      case 0xd8:
        return this.ext(16, at);
      case 0xd9:
        return this.str(this.u8());
      case 0xda:
        return this.str(this.u16());
      case 0xdb:
        return this.str(this.u32());
      case 0xdc:
        return this.array(this.u16());
      case 0xdd:
        return this.array(this.u32());
      case 0xde:
        return this.map(this.u16());
      case 0xdf:
        return this.map(this.u32());
      default:
        throw new MsgpackError(`0x${b.toString(16)} is not a MessagePack type byte`, at);
    }
  }

  private map(n: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) {
      const k = this.read();
      const key = typeof k === 'string' ? k : JSON.stringify(k);
      const v = this.read();
      // A key named __proto__ must not change the prototype.
      Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }

  private array(n: number): unknown[] {
    const out: unknown[] = [];
    for (let i = 0; i < n; i++) out.push(this.read());
    return out;
  }

  private str(n: number): string {
    this.need(n);
    const at = this.pos;
    try {
      return text.decode(this.bytes.subarray(at, this.advance(n) + n));
    } catch {
      throw new MsgpackError('a str that is not valid UTF-8', at);
    }
  }

  private bin(n: number): Uint8Array {
    this.need(n);
    const at = this.advance(n);
    return this.bytes.slice(at, at + n);
  }

  private ext(n: number, at: number): undefined {
    this.need(n + 1);
    const type = this.view.getInt8(this.advance(1));
    this.advance(n);
    this.warnings.push(`byte ${at}: an ext value of type ${type} (${n} bytes) was skipped`);
    return undefined;
  }

  private u8(): number {
    this.need(1);
    return this.view.getUint8(this.advance(1));
  }

  private u16(): number {
    this.need(2);
    return this.view.getUint16(this.advance(2));
  }

  private u32(): number {
    this.need(4);
    return this.view.getUint32(this.advance(4));
  }

  private need(n: number): true {
    if (this.pos + n > this.bytes.length) throw new MsgpackError(`the data ends inside a value (${n} more bytes needed)`, this.pos);
    return true;
  }

  /** Moves past n bytes; returns where they start. */
  private advance(n: number): number {
    const at = this.pos;
    this.pos += n;
    return at;
  }
}

function big(v: bigint): number | string {
  return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v.toString();
}
