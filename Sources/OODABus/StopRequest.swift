import Synchronization

/// A flag set once by async code and read by an I/O thread between polls.
final class StopRequest: Sendable {
    private let requested = Atomic(false)

    init() {}

    func request() {
        requested.store(true, ordering: .releasing)
    }

    var isRequested: Bool { requested.load(ordering: .acquiring) }
}
