import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { CLUSTER_SERVICE_CATEGORIES, ClusterCatalogueDto, ClusterCatalogueView, ClusterServiceCategory, ServiceMapView, StatedNeedsBodyDto, StatedNeedsView } from '@banat/contracts';
import { conflict, notFound } from '@banat/messaging';
import { NotACluster, OrganisationNotRegistered, serviceMap } from '../domain';
import { ClusterCatalogueDocument, StatedNeedsDocument } from '../read-models/cluster.schema';
import { actingOrganisation } from './caller';
import { DirectoryService } from './directory.service';

type Versioned = { _id: string; version: number };

/** Clusters' services catalogues and organisations' stated needs, and the map of which needs no cluster serves. */
@Injectable()
export class ClustersService {
  constructor(
    @InjectModel(ClusterCatalogueDocument.name) private readonly catalogues: Model<ClusterCatalogueDocument>,
    @InjectModel(StatedNeedsDocument.name) private readonly needs: Model<StatedNeedsDocument>,
    private readonly directory: DirectoryService,
  ) {}

  /** A cluster (its member, or the secretariat) replaces its catalogue at the version it read. */
  async setCatalogue(dto: ClusterCatalogueDto): Promise<ClusterCatalogueView> {
    const clusterId = actingOrganisation(dto.clusterId);
    const known = await this.directory.known(clusterId);
    if (!known) throw notFound(`directory entry ${clusterId}`);
    if (!known.active) throw new OrganisationNotRegistered(clusterId);
    if (known.kind !== 'cluster') throw new NotACluster(clusterId, known.kind);
    const services = dto.services.map((s) => ({ category: s.category, title: s.title.trim(), countries: s.countries ?? [] }));
    const doc = await this.replace(this.catalogues, clusterId, dto.expectedVersion, { country: known.country, services });
    return { clusterId, country: doc.country, services: doc.services as ClusterCatalogueView['services'], version: doc.version };
  }

  async catalogue(clusterId: string): Promise<ClusterCatalogueView> {
    const doc = await this.catalogues.findById(clusterId).lean<ClusterCatalogueDocument>();
    if (!doc) throw notFound(`services catalogue of ${clusterId}`);
    return { clusterId, country: doc.country, services: doc.services as ClusterCatalogueView['services'], version: doc.version };
  }

  async stateNeeds(dto: StatedNeedsBodyDto): Promise<StatedNeedsView> {
    const organisationId = actingOrganisation(dto.organisationId);
    const known = await this.directory.known(organisationId);
    if (!known?.active) throw new OrganisationNotRegistered(organisationId);
    const doc = await this.replace(this.needs, organisationId, dto.expectedVersion, { country: known.country, categories: dto.categories });
    return { organisationId, country: doc.country, categories: doc.categories as ClusterServiceCategory[], version: doc.version };
  }

  async map(): Promise<ServiceMapView> {
    const [catalogues, needs] = await Promise.all([this.catalogues.find().lean<ClusterCatalogueDocument[]>(), this.needs.find().lean<StatedNeedsDocument[]>()]);
    return {
      categories: serviceMap(
        catalogues.map((c) => ({ clusterId: c._id, country: c.country, services: c.services as never })),
        needs.map((n) => ({ organisationId: n._id, country: n.country, categories: n.categories as ClusterServiceCategory[] })),
        CLUSTER_SERVICE_CATEGORIES,
      ),
    };
  }

  /** Writes the whole document at expectedVersion (0: the first); a concurrent or stale write is a 409, never an overwrite. */
  private async replace<D extends Versioned>(model: Model<D>, id: string, expectedVersion: number, fields: Omit<D, '_id' | 'version'>): Promise<D> {
    const stale = async () => conflict('changed since you read it; reload and retry', { expectedVersion, actualVersion: (await model.findById(id, { version: 1 }).lean<Versioned>())?.version ?? 0 });
    if (expectedVersion === 0) {
      try {
        return (await model.create({ _id: id, ...fields, version: 1 })).toObject() as D;
      } catch (error) {
        if ((error as { code?: number }).code === 11000) throw await stale();
        throw error;
      }
    }
    const res = await model.updateOne({ _id: id, version: expectedVersion } as never, { $set: { ...fields, version: expectedVersion + 1 } } as never);
    if (res.matchedCount !== 1) throw await stale();
    return { _id: id, ...fields, version: expectedVersion + 1 } as D;
  }
}
