// Mutation testing (issue 32): StrykerJS changes one module a small step at a time and runs the tests that
// cover it against each change; a change no test notices is a place where a bug could live unnoticed.
// One Stryker run per module, with the test files listed for it below, then one table. Slow (about half a
// minute to a few minutes a module on an idle machine), so not part of `npm test`.
//   npm run mutate                       every module below
//   npm run mutate -- core/plan.ts       one module (or several); its survivors are printed as diffs
//   MUTATE_TESTS="test/core/plan.test.ts" npm run mutate -- core/plan.ts   only these tests (while working)
// Each run leaves an HTML and a JSON report in reports/mutation/. Equivalent mutants (no test can tell them from
// the code) are named in a comment in the source; where every mutant of one mutator on a line is equivalent, the
// comment is `// Stryker disable next-line <mutator>: <why>` and they count as ignored, outside the score.
import { Stryker } from "@stryker-mutator/core";

/**
 * The pure decisions (core/, the pacer, history decoding), each with the unit and property tests that
 * cover it. Tests that start the engine, the CLI or the built bundle are left out: they take seconds
 * each, and every mutant runs all of a module's tests.
 */
const MODULES = {
	"core/item-decision.ts": ["test/core/item-decision.test.ts"],
	"core/summary.ts": ["test/core/summary.test.ts", "test/core/policy.test.ts"],
	"core/retry-policy.ts": [
		"test/core/retry-policy.test.ts",
		"test/core/policy.test.ts",
		"test/core/outage.test.ts",
		"test/core/webhook-kind.test.ts",
		"test/core/repair-lookup.test.ts",
	],
	"core/collision.ts": ["test/core/collision.test.ts"],
	"core/updates.ts": ["test/core/updates.test.ts"],
	"core/targets.ts": ["test/core/targets.test.ts", "test/property/properties.test.ts"],
	"core/file-name.ts": ["test/core/file-name.test.ts", "test/core/policy.test.ts", "test/property/properties.test.ts"],
	"core/plan.ts": ["test/core/plan.test.ts", "test/property/properties.test.ts"],
	"requests/pacer.ts": ["test/requests/pacer.test.ts", "test/requests/paced-downloads.test.ts"],
	"history/decode.ts": ["test/history/decode.test.ts", "test/history/bad-input.test.ts", "test/property/properties.test.ts"],
};

const root = new URL("..", import.meta.url).pathname;
process.chdir(root);

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
const modules = asked.length > 0 ? asked : Object.keys(MODULES);
const rows = [];
for (const module of modules) {
	const tests = process.env.MUTATE_TESTS?.split(/\s+/).filter(Boolean) ?? MODULES[module];
	if (!tests) throw new Error(`no tests listed for src/${module} in scripts/mutate.mjs`);
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
