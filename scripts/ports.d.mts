// Types of scripts/ports.mjs for the TypeScript end-to-end tests.

/** A port the OS reports free on 127.0.0.1. */
export function freePort(): Promise<number>;
/** Whether a server could listen on 127.0.0.1:`port` now. */
export function isPortFree(port: number): Promise<boolean>;
/** The first port from `from` upwards that is free on 127.0.0.1. */
export function nextFreePort(from: number): Promise<number>;
/** Who listens on `port`: "pid 1234 workerd", or "another process". */
export function portHolder(port: number): string;
/** Waits until 127.0.0.1:`port` is free; rejects after `ms`. */
export function waitPortFree(port: number, ms: number, what?: string): Promise<void>;
