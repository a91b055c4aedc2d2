import 'reflect-metadata';
import { PATH_METADATA } from '@nestjs/common/constants';
import { ROLES, ROLES_KEY } from '../auth/roles';
import { eventsHttpControllers } from '.';

const rolesByEndpoint = Object.fromEntries(
  eventsHttpControllers.flatMap((controller) => {
    const methods = controller.prototype as unknown as Record<string, object>;
    return Object.getOwnPropertyNames(methods)
      .filter((name) => name !== 'constructor' && Reflect.getMetadata(PATH_METADATA, methods[name]) !== undefined)
      .map((name) => [`${controller.name}.${name}`, Reflect.getMetadata(ROLES_KEY, methods[name]) as string[] | undefined]);
  }),
);

describe('events endpoints declare who may call them', () => {
  it.each(Object.entries(rolesByEndpoint))('%s declares known roles', (_, roles) => {
    expect(roles?.length).toBeGreaterThan(0);
    for (const role of roles ?? []) expect(ROLES).toContain(role);
  });

  it('leaves scheduling, approval, check-in and surveys to the secretariat; registration to members and the secretariat; answers to invitees', () => {
    expect(Object.keys(rolesByEndpoint)).toHaveLength(18 + 6); // + the programme indicators (reporting)
    for (const name of ['schedule', 'approve', 'reject', 'checkIn', 'createPlan']) expect(rolesByEndpoint[`ProgrammeEventsHttpController.${name}`]).toEqual(['secretariat']);
    for (const name of ['publish', 'send', 'nonRespondents']) expect(rolesByEndpoint[`EventSurveysHttpController.${name}`]).toEqual(['secretariat']);
    expect(rolesByEndpoint['ProgrammeEventsHttpController.register']).toEqual(['member', 'secretariat']);
    expect(rolesByEndpoint['ProgrammeEventsHttpController.figures']).toEqual(['secretariat', 'auditor']);
    expect(rolesByEndpoint['EventSurveysHttpController.answer']).toEqual(['public']);
  });

  it('shows the programme indicators to the secretariat and auditors; only the secretariat rebuilds them', () => {
    for (const name of ['indicators', 'figure', 'records', 'report', 'status']) expect(rolesByEndpoint[`ReportingHttpController.${name}`]).toEqual(['secretariat', 'auditor']);
    expect(rolesByEndpoint['ReportingHttpController.rebuild']).toEqual(['secretariat']);
  });
});
