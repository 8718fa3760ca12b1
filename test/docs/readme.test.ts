import assert from "node:assert/strict";
import { existsSync, statSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { describe, it } from "node:test";
import { demoCatalogue } from "../../fake-civitai/demo-catalogue.js";
import { ROOT } from "../helpers.js";
import { commandNames } from "./flags-table.js";

/**
 * issue 27 point 19: the README is a front door of a few hundred lines, the reference lives in docs/, and
 * the two stay joined: every relative link lands on a file, every #anchor on a heading.
 */

const MAX_README_LINES = 450;

/** The lines outside fenced code blocks (a `# comment` in a shell block is no heading). */
function prose(text: string): string[] {
	let fenced = false;
	return text.split("\n").filter((line) => {
		if (line.startsWith("```")) {
			fenced = !fenced;
			return false;
		}
		return !fenced;
	});
}

/** GitHub's anchor for a heading: lowercase, punctuation but `-` and `_` dropped, each space a `-`. */
export function slug(heading: string): string {
	return heading
		.replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
		.toLowerCase()
		.replace(/[^\p{L}\p{N}\s_-]/gu, "")
		.replace(/ /g, "-");
}

/** The anchors of a markdown text, with GitHub's `-1`, `-2` for repeated headings. */
export function anchors(text: string): Set<string> {
	const seen = new Map<string, number>();
	const out = new Set<string>();
	for (const line of prose(text)) {
		const m = /^#{1,6} (.*)$/.exec(line);
		if (!m) continue;
		const base = slug(m[1]!.trim());
		const n = seen.get(base) ?? 0;
		seen.set(base, n + 1);
		out.add(n === 0 ? base : `${base}-${n}`);
	}
	return out;
}

/** The relative links of a markdown text (`[text](target)`, images too), code blocks and spans left out. */
export function relativeLinks(text: string): string[] {
	const body = prose(text)
		.join("\n")
		.replace(/`[^`\n]*`/g, "``");
	return [...body.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t));
}

/** Every broken relative link of one file: the target missing, or its #anchor not a heading there. */
export async function brokenLinks(file: string): Promise<string[]> {
	const text = await readFile(file, "utf8");
	const broken: string[] = [];
	for (const link of relativeLinks(text)) {
		const [path = "", anchor] = link.split("#", 2);
		const target = path === "" ? file : join(dirname(file), decodeURIComponent(path));
		const where = `${relative(ROOT, file)}: ${link}`;
		if (!existsSync(target)) {
			broken.push(`${where} (no such file)`);
			continue;
		}
		if (anchor === undefined) continue;
		if (!target.endsWith(".md") || statSync(target).isDirectory()) {
			broken.push(`${where} (an anchor into a file that is not markdown)`);
			continue;
		}
		if (!anchors(await readFile(target, "utf8")).has(anchor)) broken.push(`${where} (no heading with that anchor)`);
	}
	return broken;
}

async function docsFiles(): Promise<string[]> {
	return (await readdir(join(ROOT, "docs"))).filter((f) => f.endsWith(".md")).map((f) => join(ROOT, "docs", f));
}

/** The text between `<!-- name -->` and `<!-- /name -->`. */
function block(text: string, name: string): string {
	const start = text.indexOf(`<!-- ${name} -->\n`);
	const end = text.indexOf(`\n<!-- /${name} -->`);
	assert.ok(start >= 0 && end > start, `the text has a block between <!-- ${name} --> markers`);
	return text.slice(start, end);
}

/** The first two cells of each row of a markdown table (header and separator left out). */
function firstCells(table: string): [string, string][] {
	return table
		.split("\n")
		.filter((l) => l.startsWith("| ") && !l.startsWith("| ---"))
		.slice(1)
		.map((l) => {
			const cells = l.split(/(?<!\\)\|/).map((c) => c.trim());
			return [cells[1]!, cells[2]!];
		});
}

describe("the README and docs/", () => {
	it(`the README is a front door: at most ${MAX_README_LINES} lines`, async () => {
		const lines = (await readFile(join(ROOT, "README.md"), "utf8")).trimEnd().split("\n").length;
		assert.ok(lines <= MAX_README_LINES, `README.md has ${lines} lines; move reference text to docs/`);
	});

	it("every relative link in README.md and docs/*.md points to a file that exists, and every #anchor to a heading in it", async () => {
		const files = [join(ROOT, "README.md"), ...(await docsFiles())];
		const broken = (await Promise.all(files.map(brokenLinks))).flat();
		assert.deepEqual(broken, []);
	});

	it("the README's Documentation list links every file in docs/", async () => {
		const readme = await readFile(join(ROOT, "README.md"), "utf8");
		const section = readme.slice(readme.indexOf("\n## Documentation\n"));
		const missing = (await docsFiles()).map((f) => relative(ROOT, f)).filter((f) => !section.includes(`](${f})`));
		assert.deepEqual(missing, []);
	});

	it("the link check fails on a broken link and a broken anchor", () => {
		assert.deepEqual(relativeLinks("[a](docs/x.md#y) [b](https://civitai.com) `[c](z.md)` ![p](docs/report.png)"), [
			"docs/x.md#y",
			"docs/report.png",
		]);
		const text = "# Title\n## `civitai-dl get <target>...`\n## Sidecar files\n## Sidecar files\n```sh\n# not a heading\n```\n";
		assert.deepEqual([...anchors(text)], ["title", "civitai-dl-get-target", "sidecar-files", "sidecar-files-1"]);
		assert.equal(slug("civitai.com and civitai.red"), "civitaicom-and-civitaired");
		assert.equal(slug("`civitai-dl redownload all | <target> | --from <csv>`"), "civitai-dl-redownload-all--target----from-csv");
	});

	it("the demo catalogue's ids the README names exist in fake-civitai/demo-catalogue.ts, and it names every model there", async () => {
		const readme = await readFile(join(ROOT, "README.md"), "utf8");
		const rows = block(readme, "demo-catalogue")
			.split("\n")
			.filter((l) => l.includes("`model:"));
		const catalogue = demoCatalogue(1024);
		for (const row of rows) {
			const modelId = Number(/`model:(\d+)`/.exec(row)![1]);
			const model = catalogue.models.find((m) => m.id === modelId);
			assert.ok(model, `model:${modelId} is in the demo catalogue`);
			assert.ok(row.includes(`| ${model.name} |`), `model:${modelId} is named ${model.name}`);
			const versions = [...row.matchAll(/`version:(\d+)`/g)].map((m) => Number(m[1]));
			assert.deepEqual(
				versions,
				model.versions.map((v) => v.id),
				`model:${modelId}'s versions`,
			);
		}
		assert.deepEqual(
			rows.map((r) => Number(/`model:(\d+)`/.exec(r)![1])),
			catalogue.models.map((m) => m.id),
		);
	});

	it("the README's command table has a line for every command", async () => {
		const table = block(await readFile(join(ROOT, "README.md"), "utf8"), "commands");
		const missing = commandNames().filter((name) => !new RegExp(`^\\| \\[\`${name}[\` ]`, "m").test(table));
		assert.deepEqual(missing, []);
	});

	it("the README's settings table names every setting of docs/config.md with the same default", async () => {
		const readme = firstCells(block(await readFile(join(ROOT, "README.md"), "utf8"), "settings"));
		const config = await readFile(join(ROOT, "docs/config.md"), "utf8");
		const start = config.indexOf("| Key | Default | Meaning |");
		assert.ok(start >= 0, "docs/config.md has the settings table");
		const reference = firstCells(config.slice(start, config.indexOf("\n\n", start)));
		assert.ok(reference.length >= 25);
		assert.deepEqual(readme, reference);
	});
});
