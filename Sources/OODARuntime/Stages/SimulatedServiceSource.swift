import OODACore
import OODAObserve
import Synchronization

/// The built-in simulated service as a metric source: observe samples it like any other source, and act's
/// outcomes set its replica count.
final class SimulatedServiceSource: MetricSource {
    let name = "simulation"
    let waitsOnIO = false
    private let simulation: Mutex<ServiceSimulation>

    init(configuration: ServiceSimulation.Configuration, replicas: Int) {
        simulation = Mutex(ServiceSimulation(configuration: configuration, replicas: replicas))
    }

    /// The replica count act reported.
    func setReplicas(_ replicas: Int) {
        simulation.withLock { $0.replicas = replicas }
    }

    func sample(atNanos: Int64) async -> SourceResult {
        let samples = simulation.withLock { $0.sample(atNanos: atNanos) }
        return SourceResult(samples: samples, health: .up)
    }
}
