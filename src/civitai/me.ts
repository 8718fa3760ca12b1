import { z } from "zod";

/** The answer of `GET /api/v1/me` (civitai src/pages/api/v1/me.ts): `{id, username, tier, status}` for a valid key. */
export const WireMeSchema = z.object({
	id: z.number(),
	username: z.string().nullable(),
	tier: z.string().nullable().optional(),
	status: z.string().nullable().optional(),
});

export type WireMe = z.output<typeof WireMeSchema>;
