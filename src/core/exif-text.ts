import { ImageError } from "../errors.js";
import type { ImageText } from "./png-text.js";

/**
 * The generation data of a JPEG or WebP: A1111/Forge write their parameters as the EXIF
 * UserComment (piexif: `UNICODE\0` and UTF-16, big-endian by piexif, little-endian by some
 * others); ComfyUI's WebP and JPEG savers write `prompt:{...}` / `workflow:{...}` in the EXIF Make,
 * Model or ImageDescription. Every offset and count is checked against the data before it is read,
 * and each IFD is visited once. Pure.
 */

const USER_COMMENT = 0x9286;
const EXIF_IFD = 0x8769;
const ASCII_TAGS = [0x010e, 0x010f, 0x0110]; // ImageDescription, Make, Model
const MAX_IFD_ENTRIES = 1000;
/** Bytes per value of each TIFF field type (BYTE, ASCII, SHORT, LONG, RATIONAL, ...). */
const TYPE_SIZES: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4 };

export function isJpeg(b: Uint8Array): boolean {
	return b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
}

export function isWebp(b: Uint8Array): boolean {
	return b.length >= 12 && ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 12) === "WEBP";
}

function ascii(b: Uint8Array, from: number, to: number): string {
	return Buffer.from(b.buffer, b.byteOffset + from, Math.max(0, Math.min(to, b.length) - from)).toString("latin1");
}

/** The TIFF data of a JPEG's `Exif\0\0` APP1 segment, or undefined when it has none. */
export function jpegExif(b: Uint8Array, file: string): Uint8Array | undefined {
	let at = 2;
	while (at + 4 <= b.length) {
		if (b[at] !== 0xff) throw new ImageError(file, { why: "bad_exif" });
		const marker = b[at + 1]!;
		if (marker === 0xd9 || marker === 0xda) return undefined; // end of image, start of scan: no more metadata
		if (marker === 0xff || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
			at += marker === 0xff ? 1 : 2;
			continue;
		}
		const length = (b[at + 2]! << 8) | b[at + 3]!;
		if (length < 2 || at + 2 + length > b.length) throw new ImageError(file, { why: "truncated" });
		if (marker === 0xe1 && ascii(b, at + 4, at + 10) === "Exif\0\0") return b.subarray(at + 10, at + 2 + length);
		at += 2 + length;
	}
	return undefined;
}

/** The TIFF data of a WebP's `EXIF` chunk (a leading `Exif\0\0` dropped), or undefined. */
export function webpExif(b: Uint8Array, file: string): Uint8Array | undefined {
	const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
	for (let at = 12; at + 8 <= b.length; ) {
		const size = view.getUint32(at + 4, true);
		if (size > b.length - at - 8) throw new ImageError(file, { why: "chunk_too_big", chunk: ascii(b, at, at + 4), bytes: size });
		if (ascii(b, at, at + 4) === "EXIF") {
			const data = b.subarray(at + 8, at + 8 + size);
			return ascii(data, 0, 6) === "Exif\0\0" ? data.subarray(6) : data;
		}
		at += 8 + size + (size % 2);
	}
	return undefined;
}

interface Tiff {
	view: DataView;
	little: boolean;
	file: string;
}

interface Entry {
	tag: number;
	type: number;
	count: number;
	/** Where the value is: inside the entry when it fits in 4 bytes, else at the offset it holds. */
	at: number;
}

function entries(t: Tiff, offset: number): Entry[] {
	const { view, little } = t;
	if (offset + 2 > view.byteLength) throw new ImageError(t.file, { why: "bad_exif" });
	const n = view.getUint16(offset, little);
	if (n > MAX_IFD_ENTRIES || offset + 2 + n * 12 > view.byteLength) throw new ImageError(t.file, { why: "bad_exif" });
	const out: Entry[] = [];
	for (let i = 0; i < n; i++) {
		const e = offset + 2 + i * 12;
		const type = view.getUint16(e + 2, little);
		const count = view.getUint32(e + 4, little);
		const size = count * (TYPE_SIZES[type] ?? 1);
		const at = size <= 4 ? e + 8 : view.getUint32(e + 8, little);
		if (at + size > view.byteLength) throw new ImageError(t.file, { why: "bad_exif" });
		out.push({ tag: view.getUint16(e, little), type, count: size, at });
	}
	return out;
}

/** A UserComment's text: its 8-byte charset code, then ASCII, UTF-16 (either order) or (undefined code) UTF-8. */
export function decodeUserComment(data: Uint8Array): string {
	const code = ascii(data, 0, 8);
	const body = Buffer.from(data.subarray(Math.min(8, data.length)));
	if (code.startsWith("UNICODE")) {
		// piexif writes big-endian; whichever byte of the first characters is mostly zero says which
		let evenZero = 0;
		let oddZero = 0;
		for (let i = 0; i + 1 < Math.min(body.length, 256); i += 2) {
			if (body[i] === 0) evenZero++;
			if (body[i + 1] === 0) oddZero++;
		}
		const le = oddZero > evenZero;
		const swapped = le ? body : Buffer.from(body).swap16();
		return swapped
			.subarray(0, swapped.length - (swapped.length % 2))
			.toString("utf16le")
			.replace(/\0+$/, "");
	}
	return body.toString(code.startsWith("ASCII") ? "latin1" : "utf8").replace(/\0+$/, "");
}

/**
 * The texts of EXIF (TIFF) data: the UserComment as `parameters` (A1111/Forge, or a Civitai-made
 * image), and ComfyUI's `prompt:` / `workflow:` strings as `prompt` / `workflow`.
 */
export function exifTexts(tiff: Uint8Array, file: string): ImageText[] {
	if (tiff.length < 8) throw new ImageError(file, { why: "bad_exif" });
	const order = ascii(tiff, 0, 2);
	if (order !== "II" && order !== "MM") throw new ImageError(file, { why: "bad_exif" });
	const t: Tiff = { view: new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength), little: order === "II", file };
	const texts: ImageText[] = [];
	const visited = new Set<number>();
	const walk = (offset: number) => {
		if (visited.has(offset)) return;
		visited.add(offset);
		for (const e of entries(t, offset)) {
			const data = tiff.subarray(e.at, e.at + e.count);
			if (e.tag === EXIF_IFD && (e.type === 4 || e.type === 13)) walk(t.view.getUint32(e.at, t.little));
			else if (e.tag === USER_COMMENT) texts.push({ key: "parameters", text: decodeUserComment(data) });
			else if (ASCII_TAGS.includes(e.tag)) {
				const m = /^(prompt|workflow):([\s\S]*)$/i.exec(ascii(data, 0, data.length).replace(/\0+$/, ""));
				if (m) texts.push({ key: m[1]!.toLowerCase(), text: m[2]! });
			}
		}
	};
	walk(t.view.getUint32(4, t.little));
	return texts;
}
