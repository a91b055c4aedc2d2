/** Closes Nest apps booted inside a test (services, gateway), last started first; a failing close does not stop the others. */
export async function closeAll(apps: { close(): Promise<void> }[]): Promise<void> {
  for (const app of [...apps].reverse()) await app.close().catch(() => undefined);
}
