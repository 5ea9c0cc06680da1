// Types of scripts/chromium.mjs.
import type { Browser } from 'playwright-core';

/** The arguments of every headless Chromium the project starts. */
export const CHROMIUM_ARGS: string[];
/** A headless Chromium (`/usr/bin/chromium`); the caller closes it. */
export function launchChromium(): Promise<Browser>;
