import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";

/** Every .ts file under src/, the message catalogues aside (one sentence function per message, by design). */
function sources(dir = "src"): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
		const p = join(dir, d.name);
		if (d.isDirectory()) return d.name === "i18n" ? [] : sources(p);
		return d.name.endsWith(".ts") ? [p] : [];
	});
}

const FUNCTION_START =
	/(^|\s)(async\s+)?function\b|=>\s*\{\s*$|^\s*(private |protected |static |async |get |set )*[A-Za-z_$][\w$]*\s*(<[^>]*>)?\(.*\)[^;=]*\{\s*$/;
const STATEMENT = /^\s*(if|for|while|switch|catch|else|try|do|return|case|default|finally)\b/;

/** Functions (declarations, methods, block arrows) longer than `max` lines, found by brace matching. */
export function longFunctions(text: string, max: number): { line: number; lines: number }[] {
	const lines = text.split("\n");
	const found: { line: number; lines: number }[] = [];
	for (let i = 0; i < lines.length; i++) {
		const l = lines[i]!;
		if (!FUNCTION_START.test(l) || (STATEMENT.test(l) && !/=>\s*\{\s*$/.test(l))) continue;
		let depth = 0;
		let seen = false;
		let j = i;
		for (; j < lines.length; j++) {
			const code = lines[j]!.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`|\/\/.*$/g, "");
			for (const c of code) {
				if (c === "{") {
					depth++;
					seen = true;
				} else if (c === "}") depth--;
			}
			if (seen && depth <= 0) break;
		}
		if (j - i + 1 > max) found.push({ line: i + 1, lines: j - i + 1 });
	}
	return found;
}

describe("small files, short functions (issue 14)", () => {
	it("no file in src/ is over 300 lines", () => {
		const big = sources().filter((f) => readFileSync(f, "utf8").trimEnd().split("\n").length > 300);
		assert.deepEqual(big, []);
	});
	it("no function in src/ is over 80 lines", () => {
		const long = sources().flatMap((f) => longFunctions(readFileSync(f, "utf8"), 80).map((x) => `${f}:${x.line} (${x.lines} lines)`));
		assert.deepEqual(long, []);
	});
	it("the length check finds a long function (it can fail)", () => {
		const body = Array.from({ length: 85 }, (_, i) => `\tconst x${i} = ${i};`).join("\n");
		assert.deepEqual(longFunctions(`export function f(): void {\n${body}\n}\n`, 80), [{ line: 1, lines: 87 }]);
		assert.deepEqual(longFunctions(`const g = async () => {\n${body}\n};\n`, 80), [{ line: 1, lines: 87 }]);
	});
	it("time is read and waited on only through the clock (src/platform/clock.ts), the live frame timer aside", () => {
		const allowed = new Set(["src/platform/clock.ts", "src/cli/live.ts", "src/cli/bin.ts", "src/cli/run-cli.ts"]);
		const offenders = sources()
			.filter((f) => !allowed.has(f))
			.flatMap((f) =>
				readFileSync(f, "utf8")
					.split("\n")
					.map((l, i) => [l, i + 1] as const)
					.filter(([l]) => /\bDate\.now\(|\bsetTimeout\(|\bsetInterval\(|performance\.now\(/.test(l.replace(/\/\/.*$/, "")))
					.map(([, n]) => `${f}:${n}`),
			);
		assert.deepEqual(offenders, []);
	});
});
