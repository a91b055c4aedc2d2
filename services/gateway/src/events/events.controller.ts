import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import {
  CheckInBodyDto,
  CreatePlanDto,
  EventFiguresView,
  EventsSubjects as S,
  ListEventsDto,
  Page,
  PlanView,
  ProgrammeView,
  ProgrammeViewQueryDto,
  ProgrammeEventView,
  RegistrationBodyDto,
  RegistrationView,
  RejectionBodyDto,
  ScheduleEventDto,
} from '@banat/contracts';
import { Roles } from '../auth/roles';
import { EventFiguresDoc, PlanDoc, ProgrammeEventDoc, ProgrammeEventPageDoc, ProgrammeViewDoc, RegistrationDoc } from '../docs/schemas';
import { ApiNoBody } from '../docs/openapi';
import { RpcClient } from '../rpc/rpc-client.service';
import { uuidParam } from '../http/uuid-param.pipe';

const uuid = uuidParam;
const REGISTRATION = 'the registration: status (confirmed, pending-approval, waiting with its reason, offered with offerUntil, cancelled, rejected, lapsed) and position in order of arrival';

/** Programme events: the secretariat schedules them; organisations register people; the secretariat approves and checks in. */
@ApiTags('events')
@Controller('events')
export class ProgrammeEventsHttpController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @Roles('secretariat')
  @ApiOperation({ summary: 'Schedule a conference, workshop, fair, study visit, training or mentoring visit: place, dates, languages, topics, organiser (a registered organisation), sessions, plan, and its registration rules (capacity, quotas, approval, deadline, offer time)' })
  @ApiCreatedResponse({ description: 'the event as scheduled, with its check-in lists and places', type: ProgrammeEventDoc })
  @ApiUnprocessableEntityResponse({ description: 'rule: OrganisationNotRegistered, EventDatesReversed, SessionOutsideEvent, DeadlineAfterEvent, QuotaBoundsReversed, MinimumsExceedCapacity' })
  schedule(@Body() body: ScheduleEventDto) {
    return this.rpc.send<ProgrammeEventView>(S.scheduleEvent, body);
  }

  @Get()
  @Roles('public')
  @ApiOperation({ summary: 'Scheduled events, by kind, country and plan, in date order; paged' })
  @ApiOkResponse({ description: 'a page of events (id, kind, country, city, dates, title, plan)', type: ProgrammeEventPageDoc })
  list(@Query() query: ListEventsDto) {
    return this.rpc.send<Page<unknown>>(S.listEvents, query);
  }

  @Post('plans')
  @Roles('secretariat')
  @ApiOperation({ summary: 'Set a plan of events: how many of each kind to hold in each country (e.g. 5 workshops in RO, 5 in RS)' })
  @ApiCreatedResponse({ description: 'the plan', type: PlanDoc })
  @ApiConflictResponse({ description: 'a plan with this id exists' })
  createPlan(@Body() body: CreatePlanDto) {
    return this.rpc.send<PlanView>(S.createPlan, body);
  }

  @Get('programme')
  @Roles('public')
  @ApiOperation({ summary: 'The programme-wide view: events scheduled and held per country and kind, against each plan\'s targets' })
  @ApiOkResponse({ description: 'per plan and target: planned, scheduled, held, met; and every event per kind and country', type: ProgrammeViewDoc })
  @ApiNotFoundResponse({ description: 'no such plan' })
  programme(@Query() query: ProgrammeViewQueryDto) {
    return this.rpc.send<ProgrammeView>(S.programme, query);
  }

  @Get(':eventId')
  @Roles('public')
  @ApiOperation({ summary: 'One event, with places taken, free and waiting' })
  @ApiOkResponse({ description: 'the event', type: ProgrammeEventDoc })
  @ApiNotFoundResponse({ description: 'no such event' })
  get(@Param('eventId', uuid()) eventId: string) {
    return this.rpc.send<ProgrammeEventView>(S.getEvent, { eventId });
  }

  @Get(':eventId/figures')
  @Roles('secretariat', 'auditor')
  @ApiOperation({ summary: 'What organisers report: people registered and attending by country, organisation kind, gender where given, participation, check-in list; quota fulfilment' })
  @ApiOkResponse({ description: 'the figures (counts only, no names)', type: EventFiguresDoc })
  @ApiNotFoundResponse({ description: 'no such event' })
  figures(@Param('eventId', uuid()) eventId: string) {
    return this.rpc.send<EventFiguresView>(S.figures, { eventId });
  }

  @Post(':eventId/registrations')
  @Roles('member', 'secretariat')
  @ApiOperation({ summary: 'Register one person or a group on behalf of a registered organisation (a member: its own). Within capacity and quotas the places are confirmed (or held awaiting approval); otherwise the entry waits, with its reason, in order of arrival' })
  @ApiCreatedResponse({ description: REGISTRATION, type: RegistrationDoc })
  @ApiNotFoundResponse({ description: 'no such event' })
  @ApiUnprocessableEntityResponse({ description: "rule: RegistrationClosed, PersonAlreadyRegistered, PersonListedTwice, GroupLargerThanCapacity, OrganisationNotRegistered, OrganisationNotActive, PlacesPerOrganisationExceeded (a member past the event's maxPerOrganisation people of its organisation, placed or waiting), RegistrationsPerOrganisationExceeded (past five times that many registrations, cancelled ones included)" })
  register(@Param('eventId', uuid()) eventId: string, @Body() body: RegistrationBodyDto) {
    return this.rpc.send<RegistrationView>(S.register, { ...body, eventId });
  }

  @Get(':eventId/registrations')
  @Roles('secretariat', 'member')
  @ApiOperation({ summary: "Registrations in order of arrival, waiting list included (a member sees its own organisation's)" })
  @ApiOkResponse({ description: 'the registrations, with names and e-mails of the people', type: [RegistrationDoc] })
  registrations(@Param('eventId', uuid()) eventId: string) {
    return this.rpc.send<RegistrationView[]>(S.listRegistrations, { eventId });
  }

  @Post(':eventId/registrations/:registrationId/approval')
  @HttpCode(200)
  @Roles('secretariat')
  @ApiOperation({ summary: 'Approve a registration held awaiting approval' })
  @ApiOkResponse({ description: REGISTRATION, type: RegistrationDoc })
  @ApiUnprocessableEntityResponse({ description: 'rule: RegistrationNotPending' })
  @ApiNoBody()
  approve(@Param('eventId', uuid()) eventId: string, @Param('registrationId', uuid()) registrationId: string) {
    return this.rpc.send<RegistrationView>(S.approveRegistration, { eventId, registrationId });
  }

  @Post(':eventId/registrations/:registrationId/rejection')
  @HttpCode(200)
  @Roles('secretariat')
  @ApiOperation({ summary: 'Reject a registration awaiting approval; its places are offered to the waiting list' })
  @ApiOkResponse({ description: REGISTRATION, type: RegistrationDoc })
  @ApiUnprocessableEntityResponse({ description: 'rule: RegistrationNotPending' })
  reject(@Param('eventId', uuid()) eventId: string, @Param('registrationId', uuid()) registrationId: string, @Body() body: RejectionBodyDto) {
    return this.rpc.send<RegistrationView>(S.rejectRegistration, { ...body, eventId, registrationId });
  }

  @Post(':eventId/registrations/:registrationId/cancellation')
  @HttpCode(200)
  @Roles('member', 'secretariat')
  @ApiOperation({ summary: 'Cancel a registration (a member: its own organisation\'s); freed places are offered to the waiting list in order, for a limited time' })
  @ApiOkResponse({ description: REGISTRATION, type: RegistrationDoc })
  @ApiUnprocessableEntityResponse({ description: 'rule: RegistrationNotActive' })
  @ApiNoBody()
  cancel(@Param('eventId', uuid()) eventId: string, @Param('registrationId', uuid()) registrationId: string) {
    return this.rpc.send<RegistrationView>(S.cancelRegistration, { eventId, registrationId });
  }

  @Post(':eventId/registrations/:registrationId/offer-acceptance')
  @HttpCode(200)
  @Roles('member', 'secretariat')
  @ApiOperation({ summary: 'Accept a place offered from the waiting list, before the offer runs out' })
  @ApiOkResponse({ description: REGISTRATION, type: RegistrationDoc })
  @ApiUnprocessableEntityResponse({ description: 'rule: NoOpenOffer, OfferExpired' })
  @ApiNoBody()
  acceptOffer(@Param('eventId', uuid()) eventId: string, @Param('registrationId', uuid()) registrationId: string) {
    return this.rpc.send<RegistrationView>(S.acceptOffer, { eventId, registrationId });
  }

  @Post(':eventId/check-ins')
  @Roles('secretariat')
  @ApiOperation({ summary: 'Check a registered person in on a list (per day `day:YYYY-MM-DD` or per session `session:<id>`)' })
  @ApiCreatedResponse({ description: REGISTRATION, type: RegistrationDoc })
  @ApiUnprocessableEntityResponse({ description: 'rule: NotAnAttendee, PersonNotInRegistration, CheckInListUnknown, CheckInNotOnListDay, AlreadyCheckedIn' })
  checkIn(@Param('eventId', uuid()) eventId: string, @Body() body: CheckInBodyDto) {
    return this.rpc.send<RegistrationView>(S.checkIn, { ...body, eventId });
  }
}
