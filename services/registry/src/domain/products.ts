/** Products and services an organisation makes, classed by the Nice classification. */
import type { FieldError } from './field-error';
import type { MultilingualText } from './multilingual';
import { isNiceClass } from '@banat/contracts';
import { checkText, DESCRIPTION_MAX, NAME_MAX } from './text-field';

export interface ProductInput {
  name?: unknown;
  description?: unknown;
  niceClasses?: unknown;
}

export interface Product {
  name: MultilingualText;
  description?: MultilingualText;
  /** Sorted, without repeats. */
  niceClasses: number[];
}

export function checkProduct(field: string, input: ProductInput): { product?: Product; errors: FieldError[] } {
  if (typeof input !== 'object' || input === null) return { errors: [{ field, reason: 'must be an object' }] };
  const name = checkText(`${field}.name`, input.name, true, NAME_MAX);
  const description = checkText(`${field}.description`, input.description, false, DESCRIPTION_MAX);
  const errors = [...name.errors, ...description.errors];
  const classes = input.niceClasses;
  if (!Array.isArray(classes) || classes.length === 0) {
    errors.push({ field: `${field}.niceClasses`, reason: 'at least one Nice class (1 to 45) is required' });
  } else {
    classes.forEach((niceClass, i) => {
      if (!isNiceClass(niceClass)) errors.push({ field: `${field}.niceClasses[${i}]`, reason: `${String(niceClass)} is not a Nice class (1 to 45)` });
    });
  }
  if (errors.length > 0 || !name.text) return { errors };
  const niceClasses = [...new Set(classes as number[])].sort((a, b) => a - b);
  return { product: { name: name.text, ...(description.text && { description: description.text }), niceClasses }, errors };
}
