/**
 * Node flags of every service process (npm start, the benches; deploy/Dockerfile writes the same):
 * V8's young generation capped at 8 MB per semi-space instead of 16. Start-up grows it to the cap
 * and an idle service keeps it: 16 MB of idle RSS per service (idle RSS is a target of issue #10);
 * under load a service scavenges a little more often.
 */
export const SERVICE_NODE_FLAGS = ['--max-semi-space-size=8'];
