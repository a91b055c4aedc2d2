/** given(facts).when(command).then(facts) | .thenRefuses(rule): unit tests that read like the rule. */
import type { Command, Decider, Fact } from './decider';
import { EventRuleViolation, RuleName } from './rules';

export function deciderSpecificationFor<S, C extends Command, F extends Fact>(decider: Decider<S, C, F>) {
  return (given: readonly F[]) => ({
    when: (command: C) => {
      const decide = () => decider.decide(command, given.reduce(decider.evolve, decider.initialState()));
      return {
        then: (expected: readonly F[]) => expect(decide()).toEqual(expected),
        thenRefuses: (rule: RuleName, details?: Record<string, unknown>) => {
          let thrown: unknown;
          try {
            decide();
          } catch (error) {
            thrown = error;
          }
          if (thrown === undefined) throw new Error(`expected a refusal (${rule}) but the command was accepted`);
          if (!(thrown instanceof EventRuleViolation)) throw thrown;
          expect(thrown.rule).toBe(rule);
          if (details) expect(thrown.details).toMatchObject(details);
        },
      };
    },
  });
}
