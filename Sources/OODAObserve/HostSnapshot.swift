import OODACore

/// Everything the host source read at one instant; rates come from two snapshots.
public struct HostSnapshot: Sendable, Equatable {
    /// When the files were read, in nanoseconds.
    public var atNanos: Int64
    /// CPU counters, when `/proc/stat` was readable.
    public var cpu: CPUTimes?
    /// Memory figures, when `/proc/meminfo` was readable.
    public var memory: MemoryInfo?
    /// Block devices.
    public var disks: [DiskCounters]
    /// Network interfaces.
    public var network: [NetworkCounters]
    /// Mounted filesystems.
    public var filesystems: [FilesystemUsage]

    /// Creates a snapshot.
    ///
    /// - Parameters:
    ///   - atNanos: When it was read.
    ///   - cpu: CPU counters.
    ///   - memory: Memory figures.
    ///   - disks: Block devices.
    ///   - network: Network interfaces.
    ///   - filesystems: Mounted filesystems.
    public init(
        atNanos: Int64,
        cpu: CPUTimes? = nil,
        memory: MemoryInfo? = nil,
        disks: [DiskCounters] = [],
        network: [NetworkCounters] = [],
        filesystems: [FilesystemUsage] = []
    ) {
        self.atNanos = atNanos
        self.cpu = cpu
        self.memory = memory
        self.disks = disks
        self.network = network
        self.filesystems = filesystems
    }

    /// The samples this snapshot yields, with rates against `previous` when there is one.
    ///
    /// Levels (memory, filesystem usage, counter totals) need one snapshot; CPU usage and every per-second rate
    /// need two, so the first cycle after start reports levels only.
    ///
    /// - Parameters:
    ///   - previous: The snapshot of the previous cycle, if any.
    ///   - source: The `source` of every sample.
    /// - Returns: The samples, in a stable order.
    public func samples(since previous: HostSnapshot?, source: String = "proc") -> [MetricSample] {
        var out: [MetricSample] = []
        let elapsed = previous.map { atNanos - $0.atNanos } ?? 0
        if let cpu, let before = previous?.cpu, let usage = CPUTimes.usage(from: before, to: cpu) {
            out.append(MetricSample(name: MetricName.cpuUsage, value: usage, source: source))
        }
        if let memory {
            out.append(MetricSample(name: MetricName.memoryUsage, value: memory.usage, source: source))
            out.append(MetricSample(name: "memory_total_bytes", value: Double(memory.totalBytes), source: source))
            out.append(
                MetricSample(name: "memory_available_bytes", value: Double(memory.availableBytes), source: source)
            )
        }
        for filesystem in filesystems {
            let labels = ["mountpoint": filesystem.mountPoint]
            out.append(MetricSample(name: "disk_usage", value: filesystem.usage, labels: labels, source: source))
            out.append(
                MetricSample(
                    name: "disk_available_bytes",
                    value: Double(filesystem.availableBytes),
                    labels: labels,
                    source: source
                )
            )
        }
        let previousDisks = Dictionary(
            (previous?.disks ?? []).map { ($0.device, $0) },
            uniquingKeysWith: { first, _ in first }
        )
        for disk in disks {
            guard let before = previousDisks[disk.device] else { continue }
            let labels = ["device": disk.device]
            let rates: [(String, UInt64, UInt64, Double)] = [
                ("disk_read_bytes_per_second", before.sectorsRead, disk.sectorsRead, 512),
                ("disk_write_bytes_per_second", before.sectorsWritten, disk.sectorsWritten, 512),
                ("disk_reads_per_second", before.readsCompleted, disk.readsCompleted, 1),
                ("disk_writes_per_second", before.writesCompleted, disk.writesCompleted, 1),
                // Milliseconds of I/O per second, over 1000, is the busy share `iostat` calls %util.
                ("disk_io_utilisation", before.ioMillis, disk.ioMillis, 0.001),
            ]
            for (name, old, new, scale) in rates {
                guard let rate = CounterDelta.rate(old, new, elapsedNanos: elapsed) else { continue }
                out.append(MetricSample(name: name, value: rate * scale, labels: labels, source: source))
            }
        }
        let previousNetwork = Dictionary(
            (previous?.network ?? []).map { ($0.interface, $0) },
            uniquingKeysWith: { first, _ in first }
        )
        for interface in network {
            let labels = ["device": interface.interface]
            out.append(
                MetricSample(
                    name: "network_receive_bytes_total",
                    value: Double(interface.receiveBytes),
                    labels: labels,
                    source: source
                )
            )
            out.append(
                MetricSample(
                    name: "network_transmit_bytes_total",
                    value: Double(interface.transmitBytes),
                    labels: labels,
                    source: source
                )
            )
            guard let before = previousNetwork[interface.interface] else { continue }
            let rates: [(String, UInt64, UInt64)] = [
                ("network_receive_bytes_per_second", before.receiveBytes, interface.receiveBytes),
                ("network_transmit_bytes_per_second", before.transmitBytes, interface.transmitBytes),
            ]
            for (name, old, new) in rates {
                guard let rate = CounterDelta.rate(old, new, elapsedNanos: elapsed) else { continue }
                out.append(MetricSample(name: name, value: rate, labels: labels, source: source))
            }
        }
        return out
    }
}
