import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { en } from "../../src/i18n/en.js";
import { detectLang } from "../../src/i18n/index.js";
import { ja } from "../../src/i18n/ja.js";
import { ROOT } from "../helpers.js";
import { sampleParams } from "./sample-params.js";

const sample = sampleParams;

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;
/** Messages that are the same in both languages by design (paths, hashes, symbols). */
const SAME_IN_BOTH = new Set(["runDoneDetail", "unknownSize", "notifyFailureLine"]);

describe("message catalogues", () => {
	it("English and Japanese have exactly the same keys", () => {
		const onlyEn = Object.keys(en).filter((k) => !(k in ja));
		const onlyJa = Object.keys(ja).filter((k) => !(k in en));
		assert.deepEqual({ onlyEn, onlyJa }, { onlyEn: [], onlyJa: [] });
	});

	it("every message renders to a non-empty sentence in both, and the Japanese one is in Japanese", () => {
		for (const key of Object.keys(en) as (keyof typeof en)[]) {
			const e = (en[key] as (p: unknown) => string)(sample);
			const j = (ja[key] as (p: unknown) => string)(sample);
			assert.ok(typeof e === "string" && e.trim() !== "", `en.${key} is empty`);
			assert.ok(typeof j === "string" && j.trim() !== "", `ja.${key} is empty`);
			if (!SAME_IN_BOTH.has(key)) assert.match(j, JAPANESE, `ja.${key} is not translated: ${j}`);
		}
	});

	it("no message is glued together from translated fragments in code", async () => {
		// `${m.a()}${m.b()}` or m.a() + m.b() on one line puts the pieces in an order only one language may fit
		const files: string[] = [];
		const walk = async (dir: string) => {
			for (const d of await readdir(dir, { withFileTypes: true })) {
				if (d.isDirectory()) await walk(join(dir, d.name));
				else if (d.name.endsWith(".ts") && !dir.includes("i18n")) files.push(join(dir, d.name));
			}
		};
		await walk(join(ROOT, "src"));
		const call = String.raw`\bm\.[a-z]\w*\(`;
		const glued = new RegExp(`${call}[^\\n]*?\\)\\}[^\\n$]*?\\$\\{[^}\\n]*${call}|${call}[^\\n]*?\\)\\s*\\+\\s*[^\\n]*${call}`);
		const offenders: string[] = [];
		for (const f of files) {
			const lines = (await readFile(f, "utf8")).split("\n");
			lines.forEach((l, i) => {
				if (glued.test(l) && !/\\n\$\{m\./.test(l)) offenders.push(`${f.slice(ROOT.length)}:${i + 1}: ${l.trim()}`);
			});
		}
		assert.deepEqual(offenders, []);
	});

	it("the glue check itself catches glued fragments", () => {
		const call = String.raw`\bm\.[a-z]\w*\(`;
		const glued = new RegExp(`${call}[^\\n]*?\\)\\}[^\\n$]*?\\$\\{[^}\\n]*${call}|${call}[^\\n]*?\\)\\s*\\+\\s*[^\\n]*${call}`);
		assert.ok(glued.test("write(`${m.sumTitle()} ${m.sumTotal({ n })}`)"));
		assert.ok(glued.test("const s = m.sumTitle() + m.sumTotal({ n });"));
		assert.ok(!glued.test("write(`${m.sumTitle()}\\n`)"));
	});
});

describe("choosing the language", () => {
	const cases: [string | undefined, NodeJS.ProcessEnv, string][] = [
		[undefined, {}, "en"],
		[undefined, { LANG: "ja_JP.UTF-8" }, "ja"],
		[undefined, { LANG: "en_US.UTF-8", LC_MESSAGES: "ja_JP" }, "ja"],
		[undefined, { LANG: "ja_JP.UTF-8", LC_ALL: "C" }, "en"],
		[undefined, { LC_ALL: "ja" }, "ja"],
		["en", { LANG: "ja_JP.UTF-8" }, "en"],
		["ja", { LANG: "C" }, "ja"],
	];
	for (const [flag, env, want] of cases) {
		it(`--lang ${flag ?? "(none)"} with ${JSON.stringify(env)} → ${want}`, () => assert.equal(detectLang(flag, env), want));
	}
});
