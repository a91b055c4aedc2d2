import * as domain from '../index';
import { toRpcErrorBody } from '@banat/messaging';

/** Kinds of refusal that concrete ones extend, never thrown themselves. */
const KINDS = new Set<unknown>([domain.UnknownInStream]);

const violationClasses = Object.entries(domain).filter(
  ([, value]) => typeof value === 'function' && value.prototype instanceof domain.DomainRuleViolation && !KINDS.has(value),
) as [string, new (...args: never[]) => domain.DomainRuleViolation][];

describe('every refusal is a named domain rule violation', () => {
  it('the domain exports its refusals', () => {
    expect(violationClasses.map(([name]) => name)).toEqual(
      expect.arrayContaining(['ScoreOutOfRange', 'ConflictOfInterest', 'ThresholdNotMet', 'FileIncomplete', 'AlreadyDecided', 'CertificateWithdrawn', 'AppealDeadlinePassed', 'AppealDeciderNotIndependent']),
    );
  });

  it.each(violationClasses)('%s reports its own name as the rule', (name, Violation) => {
    const error = new (Violation as unknown as new (...args: unknown[]) => domain.DomainRuleViolation)(['x'], 1, { min: 0, max: 1 });
    expect(error.rule).toBe(name);
    expect(error.name).toBe(name);
    expect(error).toBeInstanceOf(Error);
  });

  it('the transport maps a refusal to RULE_VIOLATED (HTTP 422) with the rule name and what it was judged on', () => {
    expect(toRpcErrorBody(new domain.ThresholdNotMet(['waste-management']))).toEqual({
      code: 'RULE_VIOLATED',
      rule: 'ThresholdNotMet',
      message: 'the pass threshold is not met for: waste-management',
      details: { criteria: ['waste-management'] },
    });
  });
});
