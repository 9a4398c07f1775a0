/**
 * Pseudo-random numbers for the Monte Carlo: xoshiro128** (Blackman & Vigna), seeded by splitmix32,
 * one independent stream per uncertain input (named by its path). Pure: no I/O.
 */

/** FNV-1a hash of a string, 32 bits. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /** A stream for (seed, key): each uncertain input draws from its own stream, named by its path. */
  constructor(seed: number, key = '') {
    let x = (Math.imul(seed >>> 0, 0x9e3779b1) ^ hashString(key)) >>> 0;
    const next = (): number => {
      // splitmix32
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
      return (z ^ (z >>> 15)) | 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** The four 32-bit words of state (sampler-wasm.ts runs the same generator and hands the state back). */
  state(): [number, number, number, number] {
    return [this.s0, this.s1, this.s2, this.s3];
  }

  /** Go on from a state `state()` gave, advanced by the same generator. */
  setState(s: ArrayLike<number>): void {
    this.s0 = s[0]! | 0;
    this.s1 = s[1]! | 0;
    this.s2 = s[2]! | 0;
    this.s3 = s[3]! | 0;
  }

  /** The next 32 random bits as an unsigned integer. */
  nextU32(): number {
    const s1 = this.s1;
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return result;
  }

  /** A uniform double in the open interval (0, 1), 53 random bits. */
  nextDouble(): number {
    const hi = this.nextU32() >>> 5; // 27 bits
    const lo = this.nextU32() >>> 6; // 26 bits
    return (hi * 67108864 + lo + 0.5) / 9007199254740992;
  }

  /**
   * Fill `out` with the next `out.length` values of `nextDouble`, the same numbers in the same
   * order, from one loop over local copies of the state: a Monte Carlo run draws its columns in a
   * fresh process, where this loop is compiled after a few iterations and method calls are not.
   */
  fillDoubles(out: Float64Array): void {
    let { s0, s1, s2, s3 } = this;
    for (let i = 0; i < out.length; i++) {
      // two steps of nextU32, written out
      let m = Math.imul(s1, 5);
      const hi = Math.imul((m << 7) | (m >>> 25), 9) >>> 5;
      let t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      m = Math.imul(s1, 5);
      const lo = Math.imul((m << 7) | (m >>> 25), 9) >>> 6;
      t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      out[i] = (hi * 67108864 + lo + 0.5) / 9007199254740992;
    }
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.s3 = s3;
  }
}
