import { crc32, deflateSync } from "node:zlib";

/**
 * Image files built byte by byte for tests: a PNG with text chunks (as A1111 and ComfyUI write
 * them), a JPEG and a WebP with an EXIF UserComment (as A1111 writes it through piexif), and the
 * broken and hostile variants the parsers must refuse.
 */

export function chunk(type: string, data: Uint8Array, opts: { crc?: number; length?: number } = {}): Buffer {
	const head = Buffer.alloc(8);
	head.writeUInt32BE(opts.length ?? data.length, 0);
	head.write(type, 4, "latin1");
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(opts.crc ?? crc32(Buffer.concat([Buffer.from(type, "latin1"), data])), 0);
	return Buffer.concat([head, data, crc]);
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function ihdr(): Buffer {
	const d = Buffer.alloc(13);
	d.writeUInt32BE(1, 0);
	d.writeUInt32BE(1, 4);
	d[8] = 8; // bit depth
	d[9] = 2; // truecolour
	return chunk("IHDR", d);
}

/** A 1x1 PNG whose text chunks come before IDAT (where PIL puts them). */
export function png(texts: Buffer[] = [], extra: Buffer[] = []): Buffer {
	const idat = chunk("IDAT", deflateSync(Buffer.from([0, 0, 0, 0])));
	return Buffer.concat([SIGNATURE, ihdr(), ...texts, idat, ...extra, chunk("IEND", Buffer.alloc(0))]);
}

export function tEXt(key: string, text: string): Buffer {
	return chunk("tEXt", Buffer.concat([Buffer.from(key, "latin1"), Buffer.from([0]), Buffer.from(text, "latin1")]));
}

export function zTXt(key: string, text: string): Buffer {
	return chunk("zTXt", Buffer.concat([Buffer.from(key, "latin1"), Buffer.from([0, 0]), deflateSync(Buffer.from(text, "latin1"))]));
}

export function iTXt(key: string, text: string, compressed = false): Buffer {
	const body = compressed ? deflateSync(Buffer.from(text, "utf8")) : Buffer.from(text, "utf8");
	return chunk("iTXt", Buffer.concat([Buffer.from(key, "latin1"), Buffer.from([0, compressed ? 1 : 0, 0, 0, 0]), body]));
}

/** TIFF (EXIF) data with an Exif IFD holding a UserComment, in either byte order. */
export function tiffWithUserComment(comment: Buffer, little = false): Buffer {
	const u16 = (n: number) => {
		const b = Buffer.alloc(2);
		little ? b.writeUInt16LE(n) : b.writeUInt16BE(n);
		return b;
	};
	const u32 = (n: number) => {
		const b = Buffer.alloc(4);
		little ? b.writeUInt32LE(n) : b.writeUInt32BE(n);
		return b;
	};
	const entry = (tag: number, type: number, count: number, value: Buffer) => Buffer.concat([u16(tag), u16(type), u32(count), value]);
	// header (8) | IFD0: 1 entry (2 + 12 + 4) at 8 | Exif IFD: 1 entry (2 + 12 + 4) at 26 | comment at 44
	const header = Buffer.concat([Buffer.from(little ? "II" : "MM"), u16(42), u32(8)]);
	const ifd0 = Buffer.concat([u16(1), entry(0x8769, 4, 1, u32(26)), u32(0)]);
	const exif = Buffer.concat([u16(1), entry(0x9286, 7, comment.length, u32(44)), u32(0)]);
	return Buffer.concat([header, ifd0, exif, comment]);
}

/** piexif's UserComment: `UNICODE\0` and the text in UTF-16 (big-endian, as piexif writes it). */
export function unicodeComment(text: string, littleEndian = false): Buffer {
	const le = Buffer.from(text, "utf16le");
	return Buffer.concat([Buffer.from("UNICODE\0", "latin1"), littleEndian ? le : Buffer.from(le).swap16()]);
}

/** A minimal JPEG: SOI, an APP1 `Exif\0\0` segment with `tiff`, then SOS and EOI. */
export function jpeg(tiff?: Buffer): Buffer {
	const parts = [Buffer.from([0xff, 0xd8])];
	if (tiff) {
		const body = Buffer.concat([Buffer.from("Exif\0\0", "latin1"), tiff]);
		const len = Buffer.alloc(2);
		len.writeUInt16BE(body.length + 2);
		parts.push(Buffer.from([0xff, 0xe1]), len, body);
	}
	parts.push(Buffer.from([0xff, 0xda, 0x00, 0x02, 0xff, 0xd9]));
	return Buffer.concat(parts);
}

/** A minimal WebP (RIFF) with a VP8L stand-in chunk and an `EXIF` chunk holding `tiff`. */
export function webp(tiff?: Buffer, exifPrefix = false): Buffer {
	const riffChunk = (type: string, data: Buffer) => {
		const head = Buffer.alloc(8);
		head.write(type, 0, "latin1");
		head.writeUInt32LE(data.length, 4);
		return Buffer.concat([head, data, data.length % 2 ? Buffer.from([0]) : Buffer.alloc(0)]);
	};
	const chunks = [riffChunk("VP8L", Buffer.from([0x2f, 0, 0, 0, 0]))];
	if (tiff) chunks.push(riffChunk("EXIF", exifPrefix ? Buffer.concat([Buffer.from("Exif\0\0", "latin1"), tiff]) : tiff));
	const body = Buffer.concat([Buffer.from("WEBP", "latin1"), ...chunks]);
	const head = Buffer.alloc(8);
	head.write("RIFF", 0, "latin1");
	head.writeUInt32LE(body.length, 4);
	return Buffer.concat([head, body]);
}
