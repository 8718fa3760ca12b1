import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { setImmediate as tick } from "node:timers/promises";
import { LaneGate } from "../../src/download/lanes.js";

describe("lanes", () => {
	it("small files share up to the limit", async () => {
		const g = new LaneGate(2);
		await g.enter(false);
		await g.enter(false);
		let third = false;
		void g.enter(false).then(() => (third = true));
		await tick();
		assert.equal(third, false);
		g.leave(false);
		await tick();
		assert.equal(third, true);
		assert.equal(g.running, 2);
	});

	it("a large file waits for every lane to empty and then runs alone; later small files wait behind it", async () => {
		const g = new LaneGate(3);
		await g.enter(false);
		const order: string[] = [];
		void g.enter(true).then(() => order.push("large"));
		void g.enter(false).then(() => order.push("small"));
		await tick();
		assert.deepEqual(order, []);
		g.leave(false);
		await tick();
		assert.deepEqual(order, ["large"]);
		g.leave(true);
		await tick();
		assert.deepEqual(order, ["large", "small"]);
	});

	it("a small lane that turns out large goes before the small files waiting for a lane", async () => {
		const g = new LaneGate(1);
		await g.enter(false);
		const order: string[] = [];
		void g.enter(false).then(() => order.push("next small"));
		await g.upgrade();
		order.push("upgraded");
		g.leave(true);
		await tick();
		assert.deepEqual(order, ["upgraded", "next small"]);
	});

	it("two small lanes that both turn out large take turns instead of deadlocking", async () => {
		const g = new LaneGate(3);
		await g.enter(false);
		await g.enter(false);
		const order: string[] = [];
		const a = g.upgrade().then(() => order.push("a"));
		const b = g.upgrade().then(() => order.push("b"));
		await a;
		assert.deepEqual(order, ["a"]);
		g.leave(true);
		await b;
		assert.deepEqual(order, ["a", "b"]);
	});
});
