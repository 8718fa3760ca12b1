import { createCipheriv, createHash } from "node:crypto";

/**
 * Deterministic file contents of any size without any disk: a 64 KiB block derived from a seed,
 * repeated, with each block's index stamped into its first 8 bytes so that bytes served at the
 * wrong offset change the hash. Reading any range costs a memcpy.
 */
const BLOCK = 64 * 1024;

const patterns = new Map<string, Buffer>();

function patternFor(seed: string): Buffer {
	let p = patterns.get(seed);
	if (!p) {
		// the AES-128-CTR keystream under a key and counter taken from the seed's SHA-256: one call per seed
		// (a fake catalogue of 500 files made its patterns in about 10 s with a SHA-256 per 32 bytes)
		const key = createHash("sha256").update(seed).digest();
		const cipher = createCipheriv("aes-128-ctr", key.subarray(0, 16), key.subarray(16));
		p = Buffer.concat([cipher.update(Buffer.alloc(BLOCK)), cipher.final()]);
		patterns.set(seed, p);
	}
	return p;
}

/** Bytes [start, end) of the file identified by `seed`, into a new buffer. */
export function readBytes(seed: string, start: number, end: number): Buffer {
	const out = Buffer.allocUnsafe(Math.max(0, end - start));
	const p = patternFor(seed);
	let pos = start;
	while (pos < end) {
		const block = Math.floor(pos / BLOCK);
		const inBlock = pos - block * BLOCK;
		const n = Math.min(BLOCK - inBlock, end - pos);
		p.copy(out, pos - start, inBlock, inBlock + n);
		// stamp the block index over the first 8 bytes of each block (XOR keeps it seed-dependent)
		for (let b = inBlock; b < 8 && b < inBlock + n; b++) {
			const idxByte = Number((BigInt(block) >> BigInt(8 * b)) & 0xffn);
			out[pos - start + (b - inBlock)] = (p[b] ?? 0) ^ idxByte;
		}
		pos += n;
	}
	return out;
}

/** Iterate the range in chunks of at most `chunk` bytes. */
export function* chunks(seed: string, start: number, end: number, chunk = 1024 * 1024): Generator<Buffer> {
	for (let pos = start; pos < end; pos += chunk) {
		yield readBytes(seed, pos, Math.min(end, pos + chunk));
	}
}

const digests = new Map<string, string>();

/** Uppercase hex SHA-256 of the whole file, as the Civitai API reports it. Memoised. */
export function sha256Of(seed: string, size: number): string {
	const key = `${seed}\u0000${size}`;
	let d = digests.get(key);
	if (!d) {
		const h = createHash("sha256");
		for (const c of chunks(seed, 0, size, 4 * 1024 * 1024)) h.update(c);
		d = h.digest("hex").toUpperCase();
		digests.set(key, d);
	}
	return d;
}
