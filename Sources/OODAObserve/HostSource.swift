import OODACore
import Synchronization

/// The host's CPU, memory, disks and network, read from `/proc` and `statvfs`.
///
/// Each file is read on its own: one that fails marks the source degraded and the others are kept. Rates are
/// computed against the previous cycle's snapshot, so the first cycle reports levels only.
public final class HostSource: MetricSource {
    public let name: String
    /// Reads `/proc` and `statvfs`: local, no waiting on the network.
    public var waitsOnIO: Bool { false }
    private let configuration: HostSourceConfiguration
    private let previous = Mutex<HostSnapshot?>(nil)

    /// Creates a host source.
    ///
    /// - Parameters:
    ///   - name: The source's name in health reports.
    ///   - configuration: Where `/proc` is and what to read.
    public init(name: String = "host", configuration: HostSourceConfiguration = HostSourceConfiguration()) {
        self.name = name
        self.configuration = configuration
    }

    public func sample(atNanos: Int64) async -> SourceResult {
        let (snapshot, errors) = read(atNanos: atNanos)
        let before = previous.withLock { state in
            defer { state = snapshot }
            return state
        }
        let samples = snapshot.samples(since: before, source: configuration.sourceLabel)
        let status: SourceHealth.Status = errors.isEmpty ? .up : (samples.isEmpty ? .down : .degraded)
        return SourceResult(samples: samples, health: SourceHealth(status: status, errors: errors.map(\.description)))
    }

    /// Reads every configured file once; a file that fails is left out and its error returned.
    ///
    /// - Parameter atNanos: The time to stamp the snapshot with.
    /// - Returns: The snapshot and the errors met.
    public func read(atNanos: Int64) -> (HostSnapshot, [ObserveError]) {
        var snapshot = HostSnapshot(atNanos: atNanos)
        var errors: [ObserveError] = []
        let root = configuration.procRoot
        do {
            snapshot.cpu = try CPUTimes.parse(ProcFile.contents(of: root + "/stat"))
        } catch { errors.append(error) }
        do {
            snapshot.memory = try MemoryInfo.parse(ProcFile.contents(of: root + "/meminfo"))
        } catch { errors.append(error) }
        do {
            let text = try ProcFile.contents(of: root + "/diskstats")
            snapshot.disks = try DiskCounters.parse(text, excludedPrefixes: configuration.excludedDevicePrefixes)
        } catch { errors.append(error) }
        do {
            let text = try ProcFile.contents(of: root + "/net/dev")
            snapshot.network = try NetworkCounters.parse(text, excluded: Set(configuration.excludedInterfaces))
        } catch { errors.append(error) }
        for mountPoint in configuration.mountPoints {
            do {
                snapshot.filesystems.append(try FilesystemUsage.read(mountPoint: mountPoint))
            } catch { errors.append(error) }
        }
        return (snapshot, errors)
    }
}
