import { InterruptedError } from "../src/errors.js";
import type { Clock } from "../src/platform/clock.js";

interface Timer {
	at: number;
	seq: number;
	fire: () => void;
	/** A sleep (auto-advance waits for these) rather than a repeating tick. */
	sleep: boolean;
}

/**
 * A clock whose time moves only when told to, or (auto mode, the default) jumps straight to the
 * next pending sleep once the process has nothing else to do for a moment. Waits of minutes take
 * milliseconds; `sleeps` records every wait asked for, in order.
 *
 * Auto mode jumps while real I/O may still be under way: in engine tests, keep the slow-speed rule
 * out of the way (speedThresholdBps 0) so a jump does not make a transfer look stalled.
 */
export class VirtualClock implements Clock {
	private t: number;
	private seq = 0;
	private timers: Timer[] = [];
	private kicking = false;
	readonly sleeps: number[] = [];

	constructor(
		start = Date.UTC(2026, 10, 30, 0, 0, 0),
		private readonly auto = true,
	) {
		this.t = start;
	}

	now(): number {
		return this.t;
	}

	sleep(ms: number, signal?: AbortSignal): Promise<void> {
		this.sleeps.push(ms);
		if (signal?.aborted) return Promise.reject(new InterruptedError());
		if (ms <= 0) return Promise.resolve();
		return new Promise((resolve, reject) => {
			const timer: Timer = {
				at: this.t + ms,
				seq: this.seq++,
				sleep: true,
				fire: () => {
					signal?.removeEventListener("abort", onAbort);
					resolve();
				},
			};
			const onAbort = () => {
				this.timers = this.timers.filter((x) => x !== timer);
				reject(new InterruptedError());
			};
			signal?.addEventListener("abort", onAbort, { once: true });
			this.add(timer);
		});
	}

	every(ms: number, fn: () => void): () => void {
		let current: Timer | undefined;
		const arm = () => {
			current = {
				at: this.t + ms,
				seq: this.seq++,
				sleep: false,
				fire: () => {
					arm();
					fn();
				},
			};
			this.add(current);
		};
		arm();
		return () => {
			this.timers = this.timers.filter((x) => x !== current);
			current = undefined;
		};
	}

	/** Move time forward by `ms`, firing every timer that falls due on the way, in order. */
	advance(ms: number): void {
		this.advanceTo(this.t + ms);
	}

	/** Timers waiting (sleeps and ticks). */
	get pending(): number {
		return this.timers.length;
	}

	private advanceTo(target: number): void {
		for (;;) {
			const next = this.timers[0];
			if (!next || next.at > target) break;
			this.timers.shift();
			this.t = Math.max(this.t, next.at);
			next.fire();
		}
		this.t = Math.max(this.t, target);
	}

	private add(timer: Timer): void {
		this.timers.push(timer);
		this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
		this.kick();
	}

	/** Auto mode: when the event loop has been idle for a turn, jump to the next sleep's deadline. */
	private kick(): void {
		if (!this.auto || this.kicking) return;
		this.kicking = true;
		setImmediate(() =>
			setImmediate(() => {
				this.kicking = false;
				const next = this.timers.find((x) => x.sleep);
				if (next) {
					this.advanceTo(next.at);
					if (this.timers.some((x) => x.sleep)) this.kick();
				}
			}),
		);
	}
}
