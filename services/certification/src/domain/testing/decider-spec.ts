/** given(events).when(command).then(events) | .thenThrows(rule): decider unit tests that read like the rule. */
import type { Command, Decider, Event } from '../shared/decider';
import { DomainRuleViolation } from '../shared/domain-rule-violation';

type ViolationClass = abstract new (...args: never[]) => DomainRuleViolation;

export type DeciderSpecification<C extends Command, E extends Event> = (givenEvents: readonly E[]) => {
  when: (command: C) => {
    then: (expected: readonly E[]) => void;
    thenNothingHappens: () => void;
    thenThrows: (expected: ViolationClass | string, details?: Record<string, unknown>) => DomainRuleViolation;
  };
};

export function deciderSpecificationFor<S, C extends Command, E extends Event>(
  decider: Decider<S, C, E>,
): DeciderSpecification<C, E> {
  return (givenEvents) => ({
    when: (command) => {
      const decide = () => decider.decide(command, givenEvents.reduce(decider.evolve, decider.initialState()));
      return {
        then: (expected) => expect(decide()).toEqual(expected),
        thenNothingHappens: () => expect(decide()).toEqual([]),
        thenThrows: (expected, details) => {
          let thrown: unknown;
          try {
            decide();
          } catch (error) {
            thrown = error;
          }
          if (thrown === undefined) throw new Error(`expected a refusal (${nameOf(expected)}) but the command was accepted`);
          if (!(thrown instanceof DomainRuleViolation)) throw thrown;
          if (typeof expected === 'string') expect(thrown.rule).toBe(expected);
          else expect(thrown).toBeInstanceOf(expected);
          if (details) expect(thrown.details).toMatchObject(details);
          return thrown;
        },
      };
    },
  });
}

const nameOf = (expected: ViolationClass | string) => (typeof expected === 'string' ? expected : expected.name);
