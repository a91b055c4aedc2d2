/** The decider shape after Emmett: pure decide / evolve over one stream's facts; time and caller come in the metadata. */
export type Fact<Type extends string = string, Data extends object = object> = Readonly<{ type: Type; data: Readonly<Data> }>;

export type CommandMetadata = Readonly<{ actor: string; role: string; /** ISO 8601 instant, UTC. */ now: string }>;

export type Command<Type extends string = string, Data extends object = object> = Readonly<{ type: Type; data: Readonly<Data>; metadata: CommandMetadata }>;

export type Decider<State, C extends Command, F extends Fact> = {
  decide: (command: C, state: State) => F[];
  evolve: (state: State, fact: F) => State;
  initialState: () => State;
};
