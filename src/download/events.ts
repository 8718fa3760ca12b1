/** The run's events live in core/ (the summary is a fold over them); re-exported here for the engine's users. */
export type { RunEvent } from "../core/events.js";
