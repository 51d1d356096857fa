import OODACore
import OODAObserve
import Synchronization
import Testing

/// How a cycle samples its sources: those that wait on the network side by side, the local ones in the cycle's
/// task while they are in flight, and every sample in the sources' order.
@Suite struct ObserverTests {
    /// Marks reached by sources, for one source to wait on another's.
    final class Rendezvous: Sendable {
        private struct State {
            var reached: Set<String> = []
            var waiters: [(mark: String, continuation: CheckedContinuation<Bool, Never>)] = []
        }

        private let state = Mutex(State())

        func arrive(_ mark: String) {
            let ready = state.withLock { state in
                state.reached.insert(mark)
                let ready = state.waiters.filter { $0.mark == mark }.map(\.continuation)
                state.waiters.removeAll { $0.mark == mark }
                return ready
            }
            for continuation in ready { continuation.resume(returning: true) }
        }

        /// Waits until `mark` is reached; false if it is not within 30 s (the bound, far above the normal
        /// microseconds, so that a wrong implementation fails instead of hanging).
        func wait(for mark: String) async -> Bool {
            let bound = Task {
                try await Task.sleep(for: .seconds(30))
                giveUp(on: mark)
            }
            defer { bound.cancel() }
            return await withCheckedContinuation { continuation in
                let reached = state.withLock { state in
                    if state.reached.contains(mark) { return true }
                    state.waiters.append((mark, continuation))
                    return false
                }
                if reached { continuation.resume(returning: true) }
            }
        }

        private func giveUp(on mark: String) {
            let waiting = state.withLock { state in
                let waiting = state.waiters.filter { $0.mark == mark }.map(\.continuation)
                state.waiters.removeAll { $0.mark == mark }
                return waiting
            }
            for continuation in waiting { continuation.resume(returning: false) }
        }
    }

    /// A source that reports `value`, marks its start, and first waits for `awaiting` when given.
    struct Probe: MetricSource {
        let name: String
        let waitsOnIO: Bool
        let rendezvous: Rendezvous
        var awaiting: String?

        func sample(atNanos: Int64) async -> SourceResult {
            rendezvous.arrive(name)
            var health = SourceHealth(status: .up)
            if let awaiting, !(await rendezvous.wait(for: awaiting)) {
                health = SourceHealth(status: .down, errors: ["\(awaiting) never started"])
            }
            return SourceResult(samples: [MetricSample(name: name, value: 1, source: name)], health: health)
        }
    }

    @Test func sourcesThatWaitOnTheNetworkAreSampledSideBySide() async {
        let rendezvous = Rendezvous()
        // Each waits until the other has started: only concurrent sampling lets both finish.
        let cycle = await Observer(sources: [
            Probe(name: "scrape_a", waitsOnIO: true, rendezvous: rendezvous, awaiting: "scrape_b"),
            Probe(name: "scrape_b", waitsOnIO: true, rendezvous: rendezvous, awaiting: "scrape_a"),
        ]).observe(atNanos: 1)
        #expect(cycle.sources.map(\.health.status) == [.up, .up], "\(cycle.sources)")
    }

    @Test func localSourcesAreReadWhileTheNetworkOnesAreInFlightAndKeepTheirOrder() async {
        let rendezvous = Rendezvous()
        // The scrape finishes only once the local source after it has been read.
        let cycle = await Observer(sources: [
            Probe(name: "local_first", waitsOnIO: false, rendezvous: rendezvous),
            Probe(name: "scrape", waitsOnIO: true, rendezvous: rendezvous, awaiting: "local_last"),
            Probe(name: "local_last", waitsOnIO: false, rendezvous: rendezvous),
        ]).observe(atNanos: 1)
        #expect(cycle.sources.map(\.health.status) == [.up, .up, .up], "\(cycle.sources)")
        #expect(cycle.observation.samples.map(\.name) == ["local_first", "scrape", "local_last"])
        #expect(cycle.sources.map(\.name) == ["local_first", "scrape", "local_last"])
    }

    @Test func localSourcesAloneAreReadInOrder() async {
        let rendezvous = Rendezvous()
        let cycle = await Observer(
            sources: ["host", "push", "simulation"].map {
                Probe(name: $0, waitsOnIO: false, rendezvous: rendezvous)
            }
        ).observe(atNanos: 7)
        #expect(cycle.atNanos == 7)
        #expect(cycle.observation.samples.map(\.name) == ["host", "push", "simulation"])
    }

    @Test func theBuiltInLocalSourcesSayTheyDoNotWait() throws {
        #expect(!HostSource(configuration: HostSourceConfiguration()).waitsOnIO)
        #expect(!PushIngestor().waitsOnIO)
    }
}
