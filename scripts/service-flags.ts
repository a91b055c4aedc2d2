/**
 * Node flags of every service process (npm start, the benches; deploy/Dockerfile writes the same,
 * service-flags.unit.spec.ts checks it):
 * - V8's young generation capped at 8 MB per semi-space instead of 16. Start-up grows it to the cap
 *   and keeps it until V8's memory reducer gives it back (~2 min of idle): with 16, a service read
 *   120-133 MB RSS in its first minutes against 112-118 MB with 8 (idle RSS <= 120 MB is a target
 *   of issue #10); settled, both are at 95-100 MB.
 * - Scavenges on the main thread alone (`--no-parallel-scavenge`). On 2 cores shared with the bus
 *   and the store (and in a pod limited to one CPU), the scavenger's helper threads waited for a
 *   core: the certification service with its projectors spent a median 317 µs of CPU per command
 *   with 100 in flight with parallel scavenges, 262 without, 261 with 16 MB semi-spaces
 *   (bench-commands, alternating runs); command-only 186, 169 and 154 µs.
 */
export const SERVICE_NODE_FLAGS = ['--max-semi-space-size=8', '--no-parallel-scavenge'];
