import { crc32, deflateSync } from "node:zlib";

/**
 * Tiny valid images for the local Civitai's `images[]`: a 1×1 PNG, a 1×1 grey baseline JPEG and a
 * 1×1 lossless WebP, built from their specs so that a client can tell them apart by content.
 */
export type ImageFormat = "png" | "jpeg" | "webp";

/** A 1×1 RGB PNG of the given colour. */
export function tinyPng(rgb: [number, number, number] = [200, 30, 30]): Buffer {
	return rgbPng(1, 1, () => rgb);
}

/** A 48×64 PNG fading from `top` to `bottom` (a preview that looks like one in a screenshot). */
export function gradientPng([top, bottom]: [[number, number, number], [number, number, number]]): Buffer {
	const h = 64;
	return rgbPng(48, h, (_x, y) => top.map((t, i) => Math.round(t + ((bottom[i]! - t) * y) / (h - 1))) as [number, number, number]);
}

/** A w×h RGB PNG, each pixel's colour from `at`. */
function rgbPng(w: number, h: number, at: (x: number, y: number) => [number, number, number]): Buffer {
	const chunk = (type: string, data: Buffer) => {
		const td = Buffer.concat([Buffer.from(type, "ascii"), data]);
		const len = Buffer.alloc(4);
		len.writeUInt32BE(data.length);
		const crc = Buffer.alloc(4);
		crc.writeUInt32BE(crc32(td));
		return Buffer.concat([len, td, crc]);
	};
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(w, 0);
	ihdr.writeUInt32BE(h, 4);
	ihdr.set([8, 2, 0, 0, 0], 8); // 8 bits, RGB, deflate, no filter, no interlace
	const rows: number[] = [];
	for (let y = 0; y < h; y++) {
		rows.push(0); // no filter
		for (let x = 0; x < w; x++) rows.push(...at(x, y));
	}
	const idat = deflateSync(Buffer.from(rows));
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk("IHDR", ihdr),
		chunk("IDAT", idat),
		chunk("IEND", Buffer.alloc(0)),
	]);
}

/** A 1×1 grey baseline JPEG: one block whose coefficients are all zero (DC 0, then end of block). */
export function tinyJpeg(): Buffer {
	const seg = (marker: number, body: number[]) => [0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff, ...body];
	const oneCodeTable = (classAndId: number) => seg(0xc4, [classAndId, 1, ...new Array(15).fill(0), 0x00]);
	return Buffer.from([
		0xff,
		0xd8, // SOI
		...seg(0xdb, [0x00, ...new Array(64).fill(1)]), // quantisation table 0
		...seg(0xc0, [8, 0, 1, 0, 1, 1, 1, 0x11, 0]), // 8-bit, 1×1, one component
		...oneCodeTable(0x00), // DC table 0: category 0 is code "0"
		...oneCodeTable(0x10), // AC table 0: end of block is code "0"
		...seg(0xda, [1, 1, 0x00, 0, 63, 0]),
		0x3f, // "0" (DC 0) "0" (EOB), padded with ones
		0xff,
		0xd9, // EOI
	]);
}

/** A 1×1 lossless WebP (the classic feature-test image). */
export function tinyWebp(): Buffer {
	return Buffer.from("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==", "base64");
}

export function imageBytes(format: ImageFormat): Buffer {
	return format === "png" ? tinyPng() : format === "jpeg" ? tinyJpeg() : tinyWebp();
}
