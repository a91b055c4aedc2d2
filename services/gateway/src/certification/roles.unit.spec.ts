import 'reflect-metadata';
import { PATH_METADATA } from '@nestjs/common/constants';
import { ROLES, ROLES_KEY } from '../auth/roles';
import { certificationHttpControllers } from '.';

const endpoints = certificationHttpControllers.flatMap((controller) => {
  const methods = controller.prototype as unknown as Record<string, object>;
  return Object.getOwnPropertyNames(methods)
    .filter((name) => name !== 'constructor' && Reflect.getMetadata(PATH_METADATA, methods[name]) !== undefined)
    .map((name) => [`${controller.name}.${name}`, Reflect.getMetadata(ROLES_KEY, methods[name]) as string[] | undefined] as const);
});

describe('certification endpoints declare who may call them', () => {
  it('finds the endpoints', () => {
    expect(endpoints.length).toBeGreaterThanOrEqual(25);
  });

  it.each(endpoints)('%s declares known roles', (_, roles) => {
    expect(roles?.length).toBeGreaterThan(0);
    for (const role of roles ?? []) expect(ROLES).toContain(role);
  });

  it('leaves decisions to decision makers and scoring to experts', () => {
    const rolesOf = (name: string) => endpoints.find(([n]) => n === name)?.[1];
    expect(rolesOf('ApplicationsHttpController.decide')).toEqual(['decision-maker']);
    expect(rolesOf('ApplicationsHttpController.scores')).toEqual(['expert']);
    expect(rolesOf('CertificatesHttpController.register')).toEqual(['public']);
  });

  it('lets members and experts reach the application file reads (the certification service narrows them to their own files), never the public', () => {
    const readers = ['member', 'expert', 'secretariat', 'decision-maker', 'auditor'];
    for (const read of ['list', 'get', 'asOf', 'history']) expect(endpoints.find(([n]) => n === `ApplicationsHttpController.${read}`)?.[1]).toEqual(readers);
    expect(endpoints.find(([n]) => n === 'ApplicationsHttpController.submit')?.[1]).toEqual(['member', 'secretariat']);
  });
});
