import Synchronization

/// Metric handles by label value, each made once and then reused.
///
/// A swift-metrics handle made through a factory is looked up in the registry every time; a figure recorded for
/// every message keeps its handles here instead. The label values must come from a small set (message kinds),
/// since nothing is ever removed.
final class HandleCache<Handle: AnyObject & Sendable>: Sendable {
    private let handles = Mutex<[String: Handle]>([:])

    /// The handle for `value`, made by `make` the first time.
    func handle(for value: String, make: () -> Handle) -> Handle {
        if let handle = handles.withLock({ $0[value] }) { return handle }
        let made = make()
        // Two first calls at once may both make one; the registry returns the same figure to both.
        return handles.withLock { handles in
            if let existing = handles[value] { return existing }
            handles[value] = made
            return made
        }
    }
}
