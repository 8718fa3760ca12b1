import { crc32, inflateSync } from "node:zlib";
import { ImageError } from "../errors.js";

/**
 * The text chunks of a PNG (tEXt, zTXt, iTXt): where A1111/Forge keep `parameters` and ComfyUI
 * `prompt` and `workflow`. Nothing in the file is trusted: every chunk's length is checked against
 * the file and the bounds below before it is read, every chunk's CRC is checked, and compressed text
 * is inflated with a bound on its output (a zip bomb stops at the bound). Pure.
 */

/** The most text one chunk may hold (decompressed): a large ComfyUI workflow is about 1 MiB. */
export const MAX_TEXT_BYTES = 8 * 1024 * 1024;
/** The most chunks a PNG may have before civitai-dl stops reading it. */
export const MAX_PNG_CHUNKS = 100_000;
/** The most text chunks kept, and their most bytes together. */
const MAX_TEXT_CHUNKS = 64;
const MAX_TEXT_TOTAL = 16 * 1024 * 1024;

export interface ImageText {
	key: string;
	text: string;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function isPng(b: Uint8Array): boolean {
	return b.length >= 8 && SIGNATURE.every((x, i) => b[i] === x);
}

const latin1 = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("latin1");

/** The index of the first NUL at or after `from`, or -1. */
function nul(b: Uint8Array, from: number): number {
	for (let i = from; i < b.length; i++) if (b[i] === 0) return i;
	return -1;
}

function inflate(data: Uint8Array, file: string, key: string): Buffer {
	try {
		return inflateSync(data, { maxOutputLength: MAX_TEXT_BYTES });
	} catch (e) {
		const tooBig = (e as { code?: string }).code === "ERR_BUFFER_TOO_LARGE" || e instanceof RangeError;
		throw new ImageError(file, tooBig ? { why: "text_too_big", key, limitMiB: MAX_TEXT_BYTES / 2 ** 20 } : { why: "bad_text", key });
	}
}

/** One text chunk's key and text (tEXt Latin-1, zTXt deflated Latin-1, iTXt UTF-8, maybe deflated). */
function textOf(type: string, data: Uint8Array, file: string): ImageText {
	const end = nul(data, 0);
	if (end < 1 || end > 79) throw new ImageError(file, { why: "bad_text", key: type });
	const key = latin1(data.subarray(0, end));
	if (type === "tEXt") return { key, text: latin1(data.subarray(end + 1)) };
	if (type === "zTXt") {
		if (data[end + 1] !== 0) throw new ImageError(file, { why: "bad_text", key });
		return { key, text: inflate(data.subarray(end + 2), file, key).toString("latin1") };
	}
	// iTXt: key NUL flag method language NUL translated-key NUL text
	const compressed = data[end + 1] === 1;
	const lang = nul(data, end + 3);
	const translated = lang < 0 ? -1 : nul(data, lang + 1);
	if (translated < 0 || (compressed && data[end + 2] !== 0)) throw new ImageError(file, { why: "bad_text", key });
	const body = data.subarray(translated + 1);
	const bytes = compressed ? inflate(body, file, key) : Buffer.from(body);
	const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
	return { key, text };
}

/**
 * Every text chunk of a PNG, in file order. Throws an ImageError (one sentence, exit 2) for a file
 * that is cut short, a chunk longer than the file or than the bounds, a bad CRC, or too many chunks.
 */
export function pngTexts(bytes: Uint8Array, file: string): ImageText[] {
	if (!isPng(bytes)) throw new ImageError(file, { why: "not_image" });
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const texts: ImageText[] = [];
	let total = 0;
	for (let at = 8, n = 0; at < bytes.length; n++) {
		if (n >= MAX_PNG_CHUNKS) throw new ImageError(file, { why: "too_many_chunks", max: MAX_PNG_CHUNKS });
		if (at + 12 > bytes.length) throw new ImageError(file, { why: "truncated" });
		const length = view.getUint32(at);
		const type = latin1(bytes.subarray(at + 4, at + 8)).replace(/[^\x21-\x7e]/g, "?");
		const isText = type === "tEXt" || type === "zTXt" || type === "iTXt";
		if (length > bytes.length - at - 12 || (isText && length > MAX_TEXT_BYTES)) {
			throw new ImageError(file, { why: "chunk_too_big", chunk: type, bytes: length });
		}
		const data = bytes.subarray(at + 8, at + 8 + length);
		if (crc32(bytes.subarray(at + 4, at + 8 + length)) !== view.getUint32(at + 8 + length)) {
			throw new ImageError(file, { why: "bad_crc", chunk: type });
		}
		if (isText && texts.length < MAX_TEXT_CHUNKS) {
			const t = textOf(type, data, file);
			total += t.text.length;
			if (total > MAX_TEXT_TOTAL) throw new ImageError(file, { why: "text_too_big", key: t.key, limitMiB: MAX_TEXT_TOTAL / 2 ** 20 });
			texts.push(t);
		}
		at += 12 + length;
		if (type === "IEND") break;
	}
	return texts;
}
