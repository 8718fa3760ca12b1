import { readFile } from "node:fs/promises";
import type { z } from "zod";
import { ConfigError } from "../errors.js";
import { type Msg, msg } from "../i18n/msg.js";
import { findJsonError, type JsonProblem, lineOf } from "./json-error.js";
import { type ConfigFile, ConfigFileSchema, KNOWN_KEYS } from "./schema.js";

/** Reading config.json: its JSON, its shape, and warnings for keys nobody reads; every error names the line. */

function describeIssue(file: string, issue: z.core.$ZodIssue, raw: unknown, text: string): Msg {
	const key = issue.path
		.map((p) => (typeof p === "number" ? `[${p}]` : String(p)))
		.join(".")
		.replace(/\.\[/g, "[");
	let value: unknown = raw;
	for (const p of issue.path) value = value == null ? undefined : (value as Record<PropertyKey, unknown>)[p as PropertyKey];
	// the API key and webhook URLs are secrets: name the key, never show its value
	const secret = issue.path.some((p) => p === "api_key" || p === "url");
	return msg("cfgInvalid", {
		path: file,
		line: lineOf(text, issue.path) ?? null,
		key: key || "(top level)",
		value: value === undefined ? null : JSON.stringify(value),
		hidden: secret,
		problem: issue.message.replace(/^Invalid input: /, ""),
	});
}

/** Edit distance, for "did you mean" on misspelt keys. */
export function editDistance(a: string, b: string): number {
	const d = Array.from({ length: b.length + 1 }, (_, j) => j);
	for (let i = 1; i <= a.length; i++) {
		let prev = d[0]!;
		d[0] = i;
		for (let j = 1; j <= b.length; j++) {
			const cur = d[j]!;
			d[j] = Math.min(d[j]! + 1, d[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
			prev = cur;
		}
	}
	return d[b.length]!;
}

/** The closest known word within a third of its length, if any. */
export function didYouMean(word: string, known: readonly string[]): string | null {
	let best: string | null = null;
	let bestD = Number.POSITIVE_INFINITY;
	for (const k of known) {
		const d = editDistance(word.toLowerCase(), k.toLowerCase());
		if (d < bestD) [best, bestD] = [k, d];
	}
	return best !== null && bestD <= Math.max(2, Math.floor(best.length / 3)) ? best : null;
}

function unknownKeys(raw: Record<string, unknown>, file: string, text: string): Msg[] {
	const out: Msg[] = [];
	for (const [section, known] of Object.entries(KNOWN_KEYS)) {
		const obj = section === "" ? raw : raw[section];
		if (obj === null || typeof obj !== "object" || Array.isArray(obj)) continue;
		for (const k of Object.keys(obj)) {
			if (!known.includes(k)) {
				const suggestion = didYouMean(k, known);
				out.push(
					msg("cfgUnknownKey", {
						path: file,
						line: lineOf(text, section ? [section, k] : [k]) ?? null,
						key: `${section ? `${section}.` : ""}${k}`,
						suggestion: suggestion === null ? null : `${section ? `${section}.` : ""}${suggestion}`,
						known: known.join(", "),
					}),
				);
			}
		}
	}
	return out;
}

const JSON_PROBLEM_KEY = {
	trailing_comma: "cfgJsonTrailingComma",
	single_quote: "cfgJsonSingleQuote",
	comment: "cfgJsonComment",
	ends_early: "cfgJsonEndsEarly",
	other: "cfgNotJson",
} as const satisfies Record<JsonProblem, string>;

export async function readConfigFile(path: string): Promise<{ file: ConfigFile; found: boolean; warnings: Msg[] }> {
	let text: string;
	try {
		text = await readFile(path, "utf8");
	} catch (e) {
		const code = (e as NodeJS.ErrnoException).code;
		if (code === "ENOENT") return { file: {}, found: false, warnings: [] };
		throw new ConfigError(msg("cfgUnreadable", { path, code: code ?? "?" }));
	}
	let raw: unknown;
	const body = text.replace(/^\uFEFF/, "");
	try {
		raw = JSON.parse(body);
	} catch {
		// V8's message may quote the file around the error (the key, perhaps): say where instead
		const at = findJsonError(body) ?? { line: 1, column: 1, problem: "other" };
		const where = { path, line: at.line, column: at.column };
		const key = JSON_PROBLEM_KEY[at.problem];
		throw new ConfigError(msg(key, where));
	}
	if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
		throw new ConfigError(msg("cfgNotObject", { path }));
	}
	const parsed = ConfigFileSchema.safeParse(raw);
	if (!parsed.success) {
		const first = parsed.error.issues[0]!;
		throw new ConfigError(describeIssue(path, first, raw, body), first.path.join("."));
	}
	return { file: parsed.data, found: true, warnings: unknownKeys(raw as Record<string, unknown>, path, body) };
}
