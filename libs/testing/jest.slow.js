// Integration and end-to-end tests start real servers: give them time.
jest.setTimeout(90_000);
