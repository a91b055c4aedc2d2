import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { CreatePlanDto, PlanView, ProgrammeView, ProgrammeViewQueryDto, programmeToday } from '@banat/contracts';
import { conflict, currentContext, notFound } from '@banat/messaging';
import { programmeView } from '../domain/programme-view';
import { Plan } from '../read-models/plan.schema';
import { ProgrammeEventListing } from '../read-models/programme-event.schema';
import { requireRole } from './event-commands';

/** Today's date in the programme's calendar (Europe/Bucharest), YYYY-MM-DD. */

/** Plans of events and the programme-wide view of what was held against them. */
@Injectable()
export class ProgrammeService {
  constructor(
    @InjectModel(Plan.name) private readonly plans: Model<Plan>,
    @InjectModel(ProgrammeEventListing.name) private readonly listings: Model<ProgrammeEventListing>,
  ) {}

  async createPlan(dto: CreatePlanDto): Promise<PlanView> {
    requireRole('secretariat');
    const targets = dto.targets.map((t) => ({ kind: t.kind, country: t.country, count: t.count }));
    try {
      await this.plans.create({ _id: dto.planId, title: dto.title, targets, createdAt: new Date().toISOString(), createdBy: currentContext()?.actor ?? 'system' });
    } catch (error) {
      if ((error as { code?: number }).code === 11000) throw conflict(`plan ${dto.planId} already exists`, { planId: dto.planId });
      throw error;
    }
    return { planId: dto.planId, title: dto.title, targets };
  }

  async view(query: ProgrammeViewQueryDto): Promise<ProgrammeView> {
    const plans = await this.plans.find(query.planId ? { _id: query.planId } : {}).sort({ _id: 1 }).lean<Plan[]>();
    if (query.planId && plans.length === 0) throw notFound('plan');
    const events = await this.listings.find(query.planId ? { planId: query.planId } : {}, { kind: 1, country: 1, planId: 1, endsOn: 1 }).lean<ProgrammeEventListing[]>();
    return programmeView(plans.map((p) => ({ planId: p._id, title: p.title, targets: p.targets })), events, programmeToday());
  }
}
