import Testing

/// The suites that talk to a fake portal — runtime, generated client, logging — run one at a time: several
/// measure waiting (the bucket, operating time, timeouts), and on a 2-core machine parallel suites would
/// skew each other. Suites without a portal (pure functions, scripted transports) run in parallel.
@Suite(.serialized) enum FakePortalSuites {}
