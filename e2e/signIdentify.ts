// Signed identifies for the end-to-end tests (issue 11): the demo site requires them, and its own signing
// handler (POST /demo/sign, the contact form's server side) makes them.

/** The signature of `lead` on the demo site, from the collector at `origin`. */
export async function demoSignature(origin: string, lead: string): Promise<string> {
  const res = await fetch(`${origin}/demo/sign`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ lead }) });
  if (res.status !== 200) throw new Error(`/demo/sign: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { signature: string }).signature;
}
