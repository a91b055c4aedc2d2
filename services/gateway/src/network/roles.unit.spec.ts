import 'reflect-metadata';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { ROLES, ROLES_KEY } from '../auth/roles';
import { NetworkClustersHttpController } from './clusters.controller';
import { NetworkFairsHttpController } from './fairs.controller';
import { NetworkMentoringsHttpController } from './mentorings.controller';
import { NetworkPartnershipsHttpController } from './partnerships.controller';
import { NetworkInterestsHttpController } from './interests.controller';
import { NetworkListingsHttpController } from './listings.controller';
import { NetworkBrandHoldersHttpController, NetworkMembersHttpController } from './members.controller';

const controllers = [NetworkListingsHttpController, NetworkInterestsHttpController, NetworkMembersHttpController, NetworkBrandHoldersHttpController, NetworkFairsHttpController, NetworkClustersHttpController, NetworkMentoringsHttpController, NetworkPartnershipsHttpController];
const endpoints = controllers.flatMap((controller) => {
  const methods = controller.prototype as unknown as Record<string, object>;
  return Object.getOwnPropertyNames(methods)
    .filter((name) => name !== 'constructor' && Reflect.getMetadata(PATH_METADATA, methods[name]) !== undefined)
    .map((name) => ({
      name: `${controller.name}.${name}`,
      write: Reflect.getMetadata(METHOD_METADATA, methods[name]) !== RequestMethod.GET,
      roles: Reflect.getMetadata(ROLES_KEY, methods[name]) as string[] | undefined,
    }));
});
const rolesOf = (name: string) => endpoints.find((e) => e.name === name)?.roles;

describe('network endpoints declare who may call them', () => {
  it('finds the endpoints', () => {
    expect(endpoints.length).toBeGreaterThanOrEqual(25);
  });

  it.each(endpoints.filter((e) => e.write).map((e) => [e.name, e.roles] as const))('%s (a change) needs a known role, never the public', (_, roles) => {
    expect(roles?.length).toBeGreaterThan(0);
    for (const role of roles ?? []) expect(ROLES).toContain(role);
    expect(roles).not.toContain('public');
  });

  it('leaves membership decisions and fairs to the secretariat', () => {
    for (const name of ['approve', 'reject', 'suspend', 'reinstate']) expect(rolesOf(`NetworkMembersHttpController.${name}`)).toEqual(['secretariat']);
    expect(rolesOf('NetworkFairsHttpController.plan')).toEqual(['secretariat']);
    expect(rolesOf('NetworkFairsHttpController.withoutMeeting')).toEqual(['secretariat']);
  });

  it("leaves consent to a cluster's invitation to the invited organisation's own member, never the secretariat for it", () => {
    expect(rolesOf('NetworkClustersHttpController.accept')).toEqual(['member']);
    for (const name of ['invite', 'decline', 'leave', 'withdraw', 'remove', 'membership', 'invitations']) expect(rolesOf(`NetworkClustersHttpController.${name}`)).toEqual(['member', 'secretariat']);
  });

  it('keeps published listings, their matches, members and brand holders open to anyone', () => {
    for (const name of ['NetworkListingsHttpController.search', 'NetworkListingsHttpController.get', 'NetworkListingsHttpController.matches', 'NetworkMembersHttpController.list', 'NetworkBrandHoldersHttpController.list', 'NetworkClustersHttpController.members', 'NetworkPartnershipsHttpController.active']) {
      expect(rolesOf(name)).toBeUndefined();
    }
    expect(rolesOf('NetworkInterestsHttpController.list')).toEqual(['member', 'secretariat']);
    expect(rolesOf('NetworkPartnershipsHttpController.get')).toEqual(['member', 'secretariat']);
  });
});
