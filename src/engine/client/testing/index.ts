/** Test support for code built on the client library: a fake apiserver, a fixture, actions. */
export {
  checkActions,
  expectActions,
  filterInformerActions,
  matchesAction,
  type FakeAction,
} from './actions.ts';
export {
  FAKE_CONTROL_TIMER,
  fakeApiServer,
  prependReactor,
  type FakeApiServerConfig,
  type FakeApiServerState,
  type FakeControl,
  type Reactor,
} from './fakeApiServer.ts';
export { storeWrite, storeCompact, type FakeStore } from './fakeStore.ts';
export {
  APISERVER_ID,
  FIXTURE_NETWORK,
  TEST_CLIENT,
  newFixture,
  type Fixture,
  type FixtureOptions,
} from './fixture.ts';
export { testContext, type SetTimer, type SentMessage, type TestContext } from './testContext.ts';
