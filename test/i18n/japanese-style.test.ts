import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { en } from "../../src/i18n/en.js";
import { ja } from "../../src/i18n/ja.js";
import { sampleParams } from "./sample-params.js";

const sample = sampleParams;

const said = (Object.keys(ja) as (keyof typeof ja)[]).map((k) => [k, (ja[k] as (p: unknown) => string)(sample)] as const);
const JP = "[\\u3040-\\u30ff\\u3400-\\u9fff]";

/** Issue 27, point 18: the Japanese a native reader expects. */
describe("Japanese style", () => {
	it("a question ends with a full-width ？", () => {
		const half = said.filter(([, t]) => new RegExp(`${JP}\\?`).test(t));
		assert.deepEqual(half, []);
	});

	it("one spelling of フォルダー", () => {
		assert.deepEqual(
			said.filter(([, t]) => /フォルダ(?!ー)/.test(t)),
			[],
		);
	});

	it("no space between a number and its counter or unit, nor before what follows a duration", () => {
		const spaced = said.filter(([, t]) => /\d (件|回|個|秒|行目|行|段|ページ|バイト|文字目|分|時間|日|つ|フィールド|後)/.test(t));
		assert.deepEqual(spaced, []);
		assert.equal(ja.runPacingItem({ index: 2, name: "b.pt", delay: "0.5秒" }), "[2] b.pt: ダウンロード要求まで0.5秒待ちます");
		assert.match(ja.runRetry({ index: 3, name: "w", reason: "r", delay: "2秒", retry: 1, max: 3 }), /2秒後に再試行します（3回中1回目）/);
	});

	it("a date as a reader reads it, not an ISO timestamp", () => {
		const early = ja.errEarlyAccess({ message: "m", until: "2027-03-01T00:00:00.000Z" });
		assert.match(early, /2027年3月1日まで/);
		assert.doesNotMatch(early, /T00|\.000Z/);
		assert.match(ja.errEarlyAccess({ message: "m", until: "2027-03-01T15:30:00.000Z" }), /2027年3月1日 15:30（UTC）まで/);
		assert.match(en.errEarlyAccess({ message: "m", until: "2027-03-01T00:00:00.000Z" }), /until 2027-03-01 \(403\)/);
	});

	it("options' help is in です/ます where it is a sentence, like the rest", () => {
		const plain = said.filter(([k, t]) => k.startsWith("helpOpt") && /(書く|書かない|含める|する|しない|続ける)(（|$)/.test(t));
		assert.deepEqual(plain, []);
	});

	it("what was ambiguous or awkward is reworded", () => {
		assert.doesNotMatch(
			ja.outdatedSummary({ checked: 3, outdated: 1, upToDate: 0, notFound: 0, requests: 1, named: true }),
			/最新0件|最新 0 件/,
		);
		assert.doesNotMatch(ja.cfgInitWrote({ path: "/x" }), /本人/);
		assert.equal(ja.historyCount({ path: "/h.csv", count: 3 }), "/h.csv に3件あります");
	});
});
