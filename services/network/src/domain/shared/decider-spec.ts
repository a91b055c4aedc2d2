/** given(events).when(command).then(events) | .thenThrows(rule): decider unit tests that read like the rule. */
import type { Decider } from './decider';
import { NetworkRuleViolation } from './rule-violation';

type ViolationClass = abstract new (...args: never[]) => NetworkRuleViolation;

export function deciderSpecificationFor<S, C, E>(decider: Decider<S, C, E>) {
  return (givenEvents: readonly E[]) => ({
    when: (command: C) => {
      const decide = () => decider.decide(command, givenEvents.reduce(decider.evolve, decider.initialState()));
      return {
        then: (expected: readonly E[]) => expect(decide()).toEqual(expected),
        thenThrows: (expected: ViolationClass, details?: Record<string, unknown>): NetworkRuleViolation => {
          let thrown: unknown;
          try {
            decide();
          } catch (error) {
            thrown = error;
          }
          if (thrown === undefined) throw new Error(`expected a refusal (${expected.name}) but the command was accepted`);
          if (!(thrown instanceof NetworkRuleViolation)) throw thrown;
          expect(thrown).toBeInstanceOf(expected);
          if (details) expect(thrown.details).toMatchObject(details);
          return thrown;
        },
      };
    },
  });
}
