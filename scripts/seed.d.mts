// Types of scripts/seed.mjs for the TypeScript end-to-end tests.

/** Seeds site `demo` of the collector at `origin` with named people and anonymous visitors. */
export function seedDemo(origin: string, now?: number): Promise<{ lead: string; score: number; band: string }[]>;
/** The people the seed identifies. */
export const PEOPLE: { lead: string; traits: Record<string, string> }[];
