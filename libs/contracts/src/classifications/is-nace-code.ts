import { ValidateBy, ValidationOptions } from 'class-validator';
import { validateNaceCode } from './nace';

const problemOf = (value: unknown): string | undefined => {
  if (typeof value !== 'string') return undefined; // the type is @IsString's to judge
  const check = validateNaceCode(value);
  if (check.valid) return undefined;
  return check.reason === 'missing' ? 'an empty code is not a NACE Rev.2 code' : check.reason;
};

/**
 * A code that exists in NACE Rev.2 (with `{ each: true }`: every code of a list); the reason names
 * each code refused, e.g. `10.79 is not a NACE Rev.2 class`.
 */
export function IsNaceCode(validationOptions?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isNaceCode',
      validator: {
        validate: (value: unknown) => problemOf(value) === undefined,
        defaultMessage: (args) => {
          const values: unknown[] = Array.isArray(args?.value) ? args.value : [args?.value];
          const problems = values.map(problemOf).filter((problem): problem is string => problem !== undefined);
          return `${args?.property ?? 'the code'}: ${problems.join('; ')}`;
        },
      },
    },
    validationOptions,
  );
}
