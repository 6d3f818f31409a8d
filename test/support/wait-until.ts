/** Waits until `condition` holds, checking every 100 ms for at most `limitMs`; says whether it did. */
export async function waitUntil(condition: () => boolean, limitMs = 40_000): Promise<boolean> {
  const deadline = Date.now() + limitMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  return condition();
}
