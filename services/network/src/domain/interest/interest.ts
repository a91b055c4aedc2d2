/** An expression of interest in a listing: the listing's organisation replies by a deadline, or it expires. */
export interface InterestContent {
  interestId: string;
  listingId: string;
  listingOrganisationId: string;
  listingTitle: string;
  fromOrganisationId: string;
  message: string;
  replyBy: string;
}

export type InterestStatus = 'pending' | 'accepted' | 'declined' | 'expired' | 'withdrawn';

export type InterestEvent =
  | { type: 'InterestExpressed'; data: InterestContent & { at: string } }
  | { type: 'InterestAnswered'; data: { interestId: string; answer: 'accepted' | 'declined'; message?: string; at: string } }
  | { type: 'InterestExpired'; data: { interestId: string; at: string } }
  | { type: 'InterestWithdrawn'; data: { interestId: string; at: string } };

export type Interest =
  | { status: 'none' }
  | (InterestContent & { status: InterestStatus; expressedAt: string; answer?: { message?: string }; closedAt?: string });

export const initialInterest = (): Interest => ({ status: 'none' });

export function evolveInterest(state: Interest, event: InterestEvent): Interest {
  if (event.type === 'InterestExpressed') {
    const { at, ...content } = event.data;
    return { ...content, status: 'pending', expressedAt: at };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'InterestAnswered':
      return { ...state, status: event.data.answer, answer: event.data.message ? { message: event.data.message } : {}, closedAt: event.data.at };
    case 'InterestExpired':
      return { ...state, status: 'expired', closedAt: event.data.at };
    case 'InterestWithdrawn':
      return { ...state, status: 'withdrawn', closedAt: event.data.at };
  }
}

/** The status as of a day: a pending interest past its reply deadline reads as expired before the sweep records it. */
export const interestStatusOn = (state: { status: InterestStatus; replyBy: string }, today: string): InterestStatus =>
  state.status === 'pending' && state.replyBy < today ? 'expired' : state.status;
