import { createHmac, randomBytes, randomUUID } from 'node:crypto';

/**
 * Where a sandbox's ids, numbers, uuids and tokens come from. Unseeded, it is the system's
 * cryptographic random; seeded, a stream derived from the seed and a stream name, so that the
 * same seed and the same requests give the same values.
 */
export interface Random {
  bytes(n: number): Buffer;
  /** An integer in [0, max). */
  int(max: number): number;
  hex(bytes: number): string;
  /** A version 4 UUID. */
  uuid(): string;
  /** `length` characters, each picked from `alphabet`. */
  pick(alphabet: string, length: number): string;
}

abstract class ByteSource implements Random {
  abstract bytes(n: number): Buffer;

  int(max: number): number {
    if (!Number.isSafeInteger(max) || max <= 0) throw new RangeError(`random int needs a positive bound, got ${max}`);
    // Rejection sampling over 48 bits: no modulo bias.
    const limit = 2 ** 48 - (2 ** 48 % max);
    for (;;) {
      const n = this.bytes(6).readUIntBE(0, 6);
      if (n < limit) return n % max;
    }
  }

  hex(bytes: number): string {
    return this.bytes(bytes).toString('hex');
  }

  uuid(): string {
    const b = this.bytes(16);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = b.toString('hex');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  pick(alphabet: string, length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[this.int(alphabet.length)];
    return out;
  }
}

/** The system's cryptographic random, drawn from a pool (one `randomBytes` call per 4 KiB, not per value). */
class SystemRandom extends ByteSource {
  private pool = Buffer.alloc(0);

  bytes(n: number): Buffer {
    if (n > 1024) return randomBytes(n);
    if (this.pool.length < n) this.pool = randomBytes(4096);
    const out = Buffer.from(this.pool.subarray(0, n));
    this.pool = this.pool.subarray(n);
    return out;
  }

  override uuid(): string {
    return randomUUID();
  }
}

/** HMAC-SHA256(seed, stream ‖ block counter), read as one long byte stream. */
class SeededRandom extends ByteSource {
  private buffer = Buffer.alloc(0);
  private block = 0;

  constructor(
    private readonly seed: string,
    private readonly stream: string,
  ) {
    super();
  }

  bytes(n: number): Buffer {
    while (this.buffer.length < n) {
      const next = createHmac('sha256', this.seed).update(`${this.stream}\u0000${this.block++}`).digest();
      this.buffer = Buffer.concat([this.buffer, next]);
    }
    const out = this.buffer.subarray(0, n);
    this.buffer = this.buffer.subarray(n);
    return Buffer.from(out);
  }
}

export const systemRandom: Random = new SystemRandom();

/** The random source of one stream of a sandbox: seeded when the sandbox has a seed. */
export function randomFor(seed: string | null, stream: string): Random {
  return seed === null ? systemRandom : new SeededRandom(seed, stream);
}
