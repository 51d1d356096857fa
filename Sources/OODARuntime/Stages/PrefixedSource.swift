import OODACore
import OODAObserve

/// A source whose metric names get a prefix: the controller's own host (`host_cpu_usage`) must not be read
/// as the service's state (`cpu_usage`) when both are observed.
struct PrefixedSource: MetricSource {
    let base: any MetricSource
    let prefix: String

    var name: String { base.name }
    var waitsOnIO: Bool { base.waitsOnIO }

    func sample(atNanos: Int64) async -> SourceResult {
        var result = await base.sample(atNanos: atNanos)
        guard !prefix.isEmpty else { return result }
        for index in result.samples.indices { result.samples[index].name = prefix + result.samples[index].name }
        return result
    }
}
