import { CLUSTER_SERVICE_CATEGORIES } from '@banat/contracts';
import { ClusterCatalogue, serviceMap, StatedNeeds } from './service-map';

const foodCluster: ClusterCatalogue = {
  clusterId: 'cluster-food-ro',
  country: 'RO',
  services: [
    { category: 'export-promotion', title: 'Trade missions to Vienna', countries: [] },
    { category: 'training', title: 'HACCP courses', countries: ['RO'] },
  ],
};
const itCluster: ClusterCatalogue = { clusterId: 'cluster-it-rs', country: 'RS', services: [{ category: 'digitalisation', title: 'E-shops for SMEs', countries: ['RS', 'HU'] }] };
const needs: StatedNeeds[] = [
  { organisationId: 'bakery-ro', country: 'RO', categories: ['training', 'digitalisation'] },
  { organisationId: 'dairy-rs', country: 'RS', categories: ['training', 'export-promotion'] },
  { organisationId: 'mill-hu', country: 'HU', categories: ['digitalisation', 'financing'] },
];

describe('the map of cluster services and members\' needs', () => {
  const map = serviceMap([foodCluster, itCluster], needs, CLUSTER_SERVICE_CATEGORIES);
  const entry = (category: string) => map.find((e) => e.category === category)!;

  it('lists every category with the clusters offering it', () => {
    expect(map.map((e) => e.category)).toEqual([...CLUSTER_SERVICE_CATEGORIES]);
    expect(entry('export-promotion').offeredBy).toEqual([{ clusterId: 'cluster-food-ro', countries: [] }]);
    expect(entry('digitalisation').offeredBy).toEqual([{ clusterId: 'cluster-it-rs', countries: ['RS', 'HU'] }]);
  });

  it('shows needs no cluster serves in the needing organisation\'s country', () => {
    expect(entry('training')).toMatchObject({ neededBy: 2, unservedFor: ['dairy-rs'] }); // training offered in RO only
    expect(entry('digitalisation')).toMatchObject({ neededBy: 2, unservedFor: ['bakery-ro'] }); // served in RS and HU
    expect(entry('export-promotion')).toMatchObject({ neededBy: 1, unservedFor: [] }); // offered everywhere
    expect(entry('financing')).toMatchObject({ offeredBy: [], neededBy: 1, unservedFor: ['mill-hu'] });
    expect(entry('logistics')).toMatchObject({ offeredBy: [], neededBy: 0, unservedFor: [] });
  });

  it('does not count a cluster as serving its own need', () => {
    const own = serviceMap([foodCluster], [{ organisationId: 'cluster-food-ro', country: 'RO', categories: ['training'] }], ['training']);
    expect(own[0].unservedFor).toEqual(['cluster-food-ro']);
  });
});
