import { rpc } from '../subjects';

/** Request/reply subjects of the exhibition service. */
export const ExhibitionSubjects = {
  searchBooths: rpc('exhibition', 'booth.search'),
  getBooth: rpc('exhibition', 'booth.get'),
  requestContact: rpc('exhibition', 'contact-request.create'),
  listContactRequests: rpc('exhibition', 'contact-request.list'),
} as const;
