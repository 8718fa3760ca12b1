/**
 * Who may download now: a large file (a checkpoint) runs alone; small files share up to `limit`
 * lanes. Waiters are served strictly in order, so a checkpoint waiting for the lanes to empty is
 * not overtaken by later small files.
 */
export class LaneGate {
	private active = 0;
	private largeRunning = false;
	private readonly waiters: { large: boolean; upgrade?: boolean; resolve: () => void }[] = [];

	constructor(readonly limit: number) {}

	get running(): number {
		return this.active;
	}

	private fits(large: boolean): boolean {
		return large ? this.active === 0 : !this.largeRunning && this.active < this.limit;
	}

	private take(large: boolean): void {
		this.active++;
		if (large) this.largeRunning = true;
	}

	enter(large: boolean): Promise<void> {
		if (this.waiters.length === 0 && this.fits(large)) {
			this.take(large);
			return Promise.resolve();
		}
		return new Promise((resolve) => this.waiters.push({ large, resolve }));
	}

	leave(large: boolean): void {
		this.active--;
		if (large) this.largeRunning = false;
		this.wake();
	}

	private wake(): void {
		while (this.waiters.length > 0 && this.fits(this.waiters[0]!.large)) {
			const w = this.waiters.shift()!;
			this.take(w.large);
			w.resolve();
		}
	}

	/**
	 * A small lane that turned out to hold a large file: give the lane back and wait, ahead of every
	 * other waiter, until it can run alone.
	 */
	async upgrade(): Promise<void> {
		this.active--;
		// behind earlier upgrades, ahead of everything else
		const at = this.waiters.findIndex((w) => !w.upgrade);
		const turn = new Promise<void>((resolve) =>
			this.waiters.splice(at === -1 ? this.waiters.length : at, 0, { large: true, upgrade: true, resolve }),
		);
		this.wake();
		await turn;
	}
}
