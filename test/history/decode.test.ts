import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type DecodedCsv, decodeCsv } from "../../src/history/decode.js";

/** Bytes from pieces: a string is its UTF-8, a number one raw byte. */
const bytes = (...parts: (string | number)[]) =>
	Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p) : Buffer.from([p]))));
const utf8 = (text: string, lossy: boolean): DecodedCsv => ({ text, encoding: "utf8", lossy, firstForeignLine: undefined });
const legacy = (encoding: "shift_jis" | "euc_jp", text: string, firstForeignLine: number): DecodedCsv => ({
	text,
	encoding,
	lossy: false,
	firstForeignLine,
});
/** A byte that is no UTF-8 (a lone continuation byte) but is ｱ in Shift-JIS. */
const KANA = 0xb1;

function table(cases: [string, Buffer, DecodedCsv][]): void {
	for (const [name, input, want] of cases) it(name, () => assert.deepEqual(decodeCsv(input), want));
}

describe("decodeCsv: byte-order marks", () => {
	table([
		[
			"UTF-16LE: the BOM is not text",
			bytes(0xff, 0xfe, 0x61, 0, 0x4a, 0x30),
			{ text: "aお", encoding: "utf16le", lossy: false, firstForeignLine: 1 },
		],
		[
			"UTF-16LE with a lone surrogate is lossy",
			bytes(0xff, 0xfe, 0x61, 0, 0x00, 0xd8),
			{ text: "a\uFFFD", encoding: "utf16le", lossy: true, firstForeignLine: 1 },
		],
		[
			"UTF-16BE: the BOM is not text",
			bytes(0xfe, 0xff, 0, 0x61, 0x30, 0x4a),
			{ text: "aお", encoding: "utf16be", lossy: false, firstForeignLine: 1 },
		],
		[
			"UTF-16BE with a lone surrogate is lossy",
			bytes(0xfe, 0xff, 0, 0x61, 0xd8, 0x00),
			{ text: "a\uFFFD", encoding: "utf16be", lossy: true, firstForeignLine: 1 },
		],
		// half a UTF-16 BOM, either half, is not one
		["FF then A is no UTF-16LE BOM", bytes(0xff, "A\n"), utf8("\uFFFDA\n", true)],
		["A then FE is no UTF-16LE BOM", bytes("A", 0xfe, "\n"), utf8("A\uFFFD\n", true)],
		["FE then A is no UTF-16BE BOM", bytes(0xfe, "A\n"), utf8("\uFFFDA\n", true)],
		["A then FF is no UTF-16BE BOM", bytes("A", 0xff, "\n"), utf8("A\uFFFD\n", true)],
		["a UTF-8 BOM is dropped", bytes(0xef, 0xbb, 0xbf, "a,b\n"), utf8("a,b\n", false)],
		["only the first of two UTF-8 BOMs is dropped", bytes(0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf, "a"), utf8("\uFEFFa", false)],
		// text whose first bytes share one or two bytes with the BOM EF BB BF
		["！ (EF BC 81) is no BOM", bytes("！a"), utf8("！a", false)],
		["ﻻ (EF BB BB) is no BOM", bytes("ﻻa"), utf8("ﻻa", false)],
		["» (C2 BB) is no BOM", bytes("»a"), utf8("»a", false)],
		["x¿ (78 C2 BF) is no BOM", bytes("x¿"), utf8("x¿", false)],
		["＿ (EF BC BF) is no BOM", bytes("＿a"), utf8("＿a", false)],
		["㻿 (E3 BB BF) is no BOM", bytes("㻿a"), utf8("㻿a", false)],
	]);
});

describe("decodeCsv: a UTF-8 file cut inside its last character", () => {
	table([
		["after a first line", bytes("a\n", 0xe9, 0x80), utf8("a\n\uFFFD", true)],
		["after a line holding only the newline", bytes("\n", 0xe9, 0x80), utf8("\n\uFFFD", true)],
		["the whole line before the cut decides, its last character too", bytes("東\n", 0xe9, 0x80), utf8("東\n\uFFFD", true)],
	]);
	// the same bytes without a complete UTF-8 line before them are Shift-JIS
	table([
		["Shift-JIS on one line without a newline", bytes(0x83, 0x65, 0x83, 0x58, 0x83, 0x67), legacy("shift_jis", "テスト", 1)],
		[
			"Shift-JIS on two lines, the last without a newline",
			bytes(0x83, 0x65, "\n", 0x83, 0x58, 0x83, 0x67),
			legacy("shift_jis", "テ\nスト", 1),
		],
	]);
});

describe("decodeCsv: mostly UTF-8 with damaged bytes, or mostly another encoding", () => {
	// Every input below also reads as Shift-JIS or EUC-JP: only the count of well-formed UTF-8 sequences
	// against bytes that fit none keeps it UTF-8. A tie stays UTF-8; one damaged byte more makes it legacy.
	table([
		["a damaged byte between UTF-8 lines stays UTF-8", bytes("日本\n", KANA, "\n東京\n"), utf8("日本\n\uFFFD\n東京\n", true)],
		["tie: ¥ (C2 A5, the first 2-byte lead) against one damaged byte", bytes("¥,", KANA, "\n"), utf8("¥,\uFFFD\n", true)],
		["tie: ߡ (DF A1, the last 2-byte lead)", bytes("\u07E1,", KANA, "\n"), utf8("\u07E1,\uFFFD\n", true)],
		["tie: ड (E0 A4 A1, the first 3-byte lead)", bytes("\u0921,", KANA, "\n"), utf8("\u0921,\uFFFD\n", true)],
		["tie: Ａ (EF BC A1, the last 3-byte lead)", bytes("Ａ", KANA, "\n"), utf8("Ａ\uFFFD\n", true)],
		["tie: 𡡡 (F0 A1 A1 A1, the first 4-byte lead)", bytes("\u{21861},", KANA, "\n"), utf8("\u{21861},\uFFFD\n", true)],
		["tie: U+10FFFF (F4 8F BF BF, the last 4-byte lead)", bytes("\u{10FFFF},", KANA, "\n"), utf8("\u{10FFFF},\uFFFD\n", true)],
		["one sequence, two damaged bytes: Shift-JIS", bytes("¥,", KANA, ",", KANA, "\n"), legacy("shift_jis", "ﾂ･,ｱ,ｱ\n", 1)],
		[
			"four sequences, a run of four lone continuation bytes and one more: Shift-JIS",
			bytes("¥,¥,¥,¥,", KANA, KANA, KANA, KANA, ",", KANA, "\n"),
			legacy("shift_jis", "ﾂ･,ﾂ･,ﾂ･,ﾂ･,ｱｱｱｱ,ｱ\n", 1),
		],
		// FA (above F4) starts no UTF-8 sequence, however many continuation bytes follow it
		[
			"FA and three continuation bytes are four damaged bytes",
			bytes("¥,¥,", 0xfa, KANA, KANA, KANA, "\n"),
			legacy("euc_jp", "促,促,撝臼\n", 1),
		],
		// 0x80 is no UTF-8 and no Shift-JIS, but EUC-JP reads it (as U+0080); it is the first foreign byte
		["a byte 0x80 counts as foreign, on its line", bytes("a\n", 0x80, "\n¥", 0x80, "\n"), legacy("euc_jp", "a\n\u0080\n促\u0080\n", 2)],
	]);
});

describe("decodeCsv: bytes that are both Shift-JIS and EUC-JP: the reading with fewer half-width katakana wins", () => {
	table([
		["B1 B1: ｱｱ in Shift-JIS, 臼 in EUC-JP", bytes(0xb1, 0xb1, "\n"), legacy("euc_jp", "臼\n", 1)],
		["8E B1: 竺 in Shift-JIS, ｱ in EUC-JP", bytes(0x8e, 0xb1, "\n"), legacy("shift_jis", "竺\n", 1)],
		["A1 A1: ｡｡ (U+FF61, the first half-width katakana) in Shift-JIS", bytes(0xa1, 0xa1, "\n"), legacy("euc_jp", "\u3000\n", 1)],
		["DF DF: ﾟﾟ (U+FF9F, the last half-width katakana) in Shift-JIS", bytes(0xdf, 0xdf, "\n"), legacy("euc_jp", "烝\n", 1)],
		// ￣ (U+FFE3) is past the half-width katakana: ｡ｱ竺 has two, ￣ｱ one
		["A1 B1 8E B1: ｡ｱ竺 in Shift-JIS, ￣ｱ in EUC-JP", bytes(0xa1, 0xb1, 0x8e, 0xb1, "\n"), legacy("euc_jp", "\uFFE3ｱ\n", 1)],
		// more characters in all, fewer of them half-width katakana: it is the katakana that count
		["竺竺竺ｱｱ against ｱｱｱ臼", bytes(0x8e, 0xb1, 0x8e, 0xb1, 0x8e, 0xb1, 0xb1, 0xb1, "\n"), legacy("shift_jis", "竺竺竺ｱｱ\n", 1)],
	]);
});
