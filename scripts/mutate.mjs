// Mutation testing (issue 32): StrykerJS changes one module a small step at a time and runs the tests that
// import it against each change; a change no test notices is a place where a bug could live unnoticed.
// One Stryker run per module, with only the test files (outside test/e2e, which runs the built bundle) that
// import that module, then one table. Slow, so not part of `npm test`.
//   npm run mutate                       every module below
//   npm run mutate -- core/plan.ts       one module (or several); its survivors are printed as diffs
//   MUTATE_TESTS="test/core/plan.test.ts" npm run mutate -- core/plan.ts   only these tests (while working)
// Each run leaves an HTML and a JSON report in reports/mutation/. Equivalent mutants are marked in the source with
// `// Stryker disable next-line <mutator>: <why>` and counted as ignored, outside the score.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Stryker } from "@stryker-mutator/core";

/** The pure decisions: core/ (but types-only and message modules), the pacer, history decoding. */
const MODULES = [
	"core/item-decision.ts",
	"core/summary.ts",
	"core/retry-policy.ts",
	"core/collision.ts",
	"core/updates.ts",
	"core/targets.ts",
	"core/file-name.ts",
	"core/plan.ts",
	"download/pacer.ts",
	"history/decode.ts",
];
/** Tests that cover a module without importing it. */
const EXTRA_TESTS = {};

const root = new URL("..", import.meta.url).pathname;
process.chdir(root);

function testFiles(dir = "test") {
	return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
		const p = join(dir, d.name);
		if (d.isDirectory()) return p === join("test", "e2e") ? [] : testFiles(p);
		return d.name.endsWith(".test.ts") ? [p] : [];
	});
}

/** Test files that import `src/<module>` (as `…/src/<module without .ts>.js"`). */
function testsOf(module, all) {
	const specifier = `/src/${module.replace(/\.ts$/, ".js")}"`;
	const importing = all.filter((f) => readFileSync(f, "utf8").includes(specifier));
	return [...new Set([...importing, ...(EXTRA_TESTS[module] ?? [])])].sort();
}

async function mutate(module, tests, verbose) {
	const name = module.replace(/[/.]/g, "-");
	return new Stryker({
		mutate: [`src/${module}`],
		testRunner: "command",
		commandRunner: { command: `node --import tsx --test --test-reporter=dot ${tests.join(" ")}` },
		// Stryker 9 rewrites the tsconfig in its sandbox with TypeScript's parseConfigFileTextToJson, which
		// TypeScript 7 no longer has. Ours has no `extends` or `references` to rewrite, so point it at no file.
		tsconfigFile: "stryker-needs-no-tsconfig.json",
		// tsx strips types without checking them; mutants are judged by the tests alone.
		checkers: [],
		ignorePatterns: ["dist", "bench", ".demo", "coverage", "reports"],
		concurrency: Number(process.env.MUTATE_CONCURRENCY ?? 1),
		reporters: verbose ? ["clear-text", "progress-append-only", "html", "json"] : ["html", "json"],
		clearTextReporter: { reportTests: false, reportScoreTable: false },
		htmlReporter: { fileName: `reports/mutation/${name}.html` },
		jsonReporter: { fileName: `reports/mutation/${name}.json` },
		logLevel: verbose ? "info" : "warn",
		fileLogLevel: "off",
	}).runMutationTest();
}

function row(module, results) {
	const count = (...statuses) => results.filter((r) => statuses.includes(r.status)).length;
	const caught = count("Killed", "Timeout");
	const survived = count("Survived", "NoCoverage");
	const ignored = count("Ignored");
	const broken = count("CompileError", "RuntimeError");
	const score = caught + survived === 0 ? 100 : (100 * caught) / (caught + survived);
	return { module, mutants: results.length, caught, survived, ignored, broken, score };
}

const asked = process.argv.slice(2);
const modules = asked.length > 0 ? asked : MODULES;
const all = testFiles();
const rows = [];
for (const module of modules) {
	const tests = process.env.MUTATE_TESTS?.split(/\s+/).filter(Boolean) ?? testsOf(module, all);
	if (tests.length === 0) throw new Error(`no test file imports src/${module}`);
	console.log(`\n== ${module}: ${tests.join(" ")}`);
	const started = Date.now();
	rows.push(row(module, await mutate(module, tests, asked.length > 0)));
	console.log(`   ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

console.log("\n| Module | Mutants | Caught | Survived | Equivalent (ignored) | Score |");
console.log("|---|---|---|---|---|---|");
for (const r of rows) {
	const broken = r.broken > 0 ? ` (+${r.broken} invalid)` : "";
	console.log(`| \`${r.module}\` | ${r.mutants} | ${r.caught} | ${r.survived} | ${r.ignored}${broken} | ${r.score.toFixed(1)}% |`);
}
const low = rows.filter((r) => r.score < 90);
if (low.length > 0) {
	console.log(`\nBelow 90%: ${low.map((r) => r.module).join(", ")}`);
	process.exitCode = 1;
}
