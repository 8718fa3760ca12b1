/**
 * The text of a CSV file whatever Excel or Notepad saved it as: UTF-8 (with or without a BOM),
 * UTF-16 with a BOM ("Unicode text"), Shift-JIS (Excel's CSV on Japanese Windows) or EUC-JP. Bytes that
 * are none of these decode as U+FFFD, and `lossy` says so, for the reader to skip those lines.
 */
export type CsvEncoding = "utf8" | "utf16le" | "utf16be" | "shift_jis" | "euc_jp";

export interface DecodedCsv {
	text: string;
	encoding: CsvEncoding;
	/** Some bytes were not text in any encoding tried (a binary blob): their lines hold U+FFFD. */
	lossy: boolean;
	/** For a file that is not UTF-8: the first line that differs (1-based). */
	firstForeignLine: number | undefined;
}

function firstNonAsciiLine(buf: Uint8Array): number | undefined {
	let line = 1;
	for (const b of buf) {
		if (b === 0x0a) line++;
		else if (b >= 0x80) return line;
	}
	return undefined;
}

function halfWidthKana(text: string): number {
	let n = 0;
	for (const c of text) if (c >= "\uFF61" && c <= "\uFF9F") n++;
	return n;
}

function strict(encoding: string, buf: Uint8Array): string | undefined {
	try {
		return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(buf);
	} catch {
		// mutation testing: emptying this block is an equivalent mutant (the function returns undefined all the same)
		return undefined;
	}
}

/** How many multi-byte UTF-8 sequences are well formed, and how many bytes fit none. */
function utf8Sequences(buf: Uint8Array): { valid: number; invalid: number } {
	let valid = 0;
	let invalid = 0;
	let i = 0;
	while (i < buf.length) {
		const b = buf[i]!;
		const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
		if (need === 0) {
			i++;
			continue;
		}
		// mutation testing, equivalent mutants: `need >= 0` (need is not 0 here), and `i + need < buf.length` → true or `<=`
		// (a sequence cut by the end of the buffer fails below all the same: `buf[i + k] ?? 0` is no continuation byte)
		// Stryker disable next-line ArithmeticOperator: `i - need` is `i + need < buf.length` → true, equivalent as above
		let ok = need > 0 && i + need < buf.length;
		for (let k = 1; ok && k <= need; k++) ok = ((buf[i + k] ?? 0) & 0xc0) === 0x80;
		if (ok) {
			valid++;
			i += need + 1;
		} else {
			invalid++;
			i++;
		}
	}
	return { valid, invalid };
}

export function decodeCsv(buf: Uint8Array): DecodedCsv {
	if (buf[0] === 0xff && buf[1] === 0xfe) {
		const text = new TextDecoder("utf-16le").decode(buf.subarray(2));
		return { text, encoding: "utf16le", lossy: text.includes("\uFFFD"), firstForeignLine: 1 };
	}
	if (buf[0] === 0xfe && buf[1] === 0xff) {
		const text = new TextDecoder("utf-16be").decode(buf.subarray(2));
		return { text, encoding: "utf16be", lossy: text.includes("\uFFFD"), firstForeignLine: 1 };
	}
	const body = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? buf.subarray(3) : buf;
	const utf8 = strict("utf-8", body);
	if (utf8 !== undefined) return { text: utf8, encoding: "utf8", lossy: false, firstForeignLine: undefined };
	// a UTF-8 file with a few damaged bytes is still UTF-8: a legacy encoding only when most of it is not UTF-8
	// a crash can cut the last line inside a character: the lines before it decide
	const lastNewline = body.lastIndexOf(0x0a);
	// mutation testing, equivalent mutants: `lastNewline < body.length - 1` → true, `<=` or `body.length + 1` (with the
	// newline last, the lines before it are the whole body, which is not strict UTF-8: we are past that test)
	if (lastNewline >= 0 && lastNewline < body.length - 1 && strict("utf-8", body.subarray(0, lastNewline + 1)) !== undefined) {
		return { text: new TextDecoder("utf-8").decode(body), encoding: "utf8", lossy: true, firstForeignLine: undefined };
	}
	const { valid, invalid } = utf8Sequences(body);
	if (valid < invalid) {
		// Japanese legacy encodings: Shift-JIS (Windows) or EUC-JP (old Unix). EUC-JP bytes also decode
		// as Shift-JIS, as a run of half-width katakana, so the reading with fewer of those wins.
		const candidates = (["shift_jis", "euc_jp"] as const)
			.map((encoding) => ({ encoding, text: strict(encoding.replace("_", "-"), body) }))
			.filter((c): c is { encoding: "shift_jis" | "euc_jp"; text: string } => c.text !== undefined)
			.sort((a, b) => halfWidthKana(a.text) - halfWidthKana(b.text));
		const best = candidates[0];
		if (best) return { text: best.text, encoding: best.encoding, lossy: false, firstForeignLine: firstNonAsciiLine(body) };
	}
	return { text: new TextDecoder("utf-8").decode(body), encoding: "utf8", lossy: true, firstForeignLine: undefined };
}
