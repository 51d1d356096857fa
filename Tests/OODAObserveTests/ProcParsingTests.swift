import OODACore
import Testing

@testable import OODAObserve

@Suite struct ProcParsingTests {
    @Test func parsesTheAggregateCPULineAndCountsCPUs() throws {
        let times = try CPUTimes.parse(Fixtures.text("proc-synthetic/stat"))
        #expect(times == CPUTimes(busy: 150, idle: 850, cpuCount: 2))
    }

    @Test func cpuUsageIsTheBusyShareOfTheTicksBetweenTwoReadings() {
        let before = CPUTimes(busy: 150, idle: 850, cpuCount: 2)
        let after = CPUTimes(busy: 225, idle: 875, cpuCount: 2)
        #expect(CPUTimes.usage(from: before, to: after) == 0.75)
        #expect(CPUTimes.usage(from: after, to: after) == nil)
    }

    @Test func refusesAStatFileWithoutTheAggregateLine() {
        #expect(throws: ObserveError.self) { try CPUTimes.parse("cpu0 1 2 3 4\nintr 5\n") }
        let error = #expect(throws: ObserveError.self) { try CPUTimes.parse("cpu 1 2 x\n") }
        #expect(error?.code == .malformedProcText)
        #expect(error?.line == 1)
    }

    @Test func parsesMeminfoInBytesAndComputesUsageFromAvailable() throws {
        let memory = try MemoryInfo.parse(Fixtures.text("proc-synthetic/meminfo"))
        #expect(memory.totalBytes == 1_000_000 * 1024)
        #expect(memory.availableBytes == 250_000 * 1024)
        #expect(memory.swapFreeBytes == 400_000 * 1024)
        #expect(memory.usage == 0.75)
    }

    @Test func meminfoWithoutMemAvailableFallsBackToFreeBuffersAndCache() throws {
        let memory = try MemoryInfo.parse("MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 50 kB\nCached: 50 kB\n")
        #expect(memory.availableBytes == 200 * 1024)
    }

    @Test func refusesMeminfoWithANonNumericValueNamingTheLine() {
        let error = #expect(throws: ObserveError.self) { try MemoryInfo.parse("MemTotal: 1000 kB\nMemFree: lots\n") }
        #expect(error?.line == 2)
        #expect(error?.location == "/proc/meminfo")
    }

    @Test func parsesDiskstatsLeavingOutExcludedDevices() throws {
        let disks = try DiskCounters.parse(Fixtures.text("proc-synthetic/diskstats"), excludedPrefixes: ["loop"])
        #expect(
            disks == [
                DiskCounters(
                    device: "vda",
                    readsCompleted: 1000,
                    sectorsRead: 2000,
                    writesCompleted: 500,
                    sectorsWritten: 4000,
                    ioMillis: 300
                )
            ]
        )
    }

    @Test func refusesAShortDiskstatsLine() {
        let error = #expect(throws: ObserveError.self) { try DiskCounters.parse("8 0 sda 1 2 3\n") }
        #expect(error?.line == 1)
    }

    @Test func parsesNetDevSkippingHeadersAndExcludedInterfaces() throws {
        let interfaces = try NetworkCounters.parse(Fixtures.text("proc-synthetic/net/dev"), excluded: ["lo"])
        #expect(interfaces.count == 1)
        #expect(interfaces.first?.interface == "eth0")
        #expect(interfaces.first?.receiveBytes == 4_294_967_000)
        #expect(interfaces.first?.receiveErrors == 2)
        #expect(interfaces.first?.transmitBytes == 52714)
        #expect(interfaces.first?.transmitErrors == 1)
    }

    @Test(arguments: ["proc-t0", "proc-t1"])
    func parsesFilesCapturedFromALinuxHost(directory: String) throws {
        let cpu = try CPUTimes.parse(Fixtures.text("\(directory)/stat"))
        #expect(cpu.busy > 0 && cpu.idle > 0 && cpu.cpuCount >= 1)
        let memory = try MemoryInfo.parse(Fixtures.text("\(directory)/meminfo"))
        #expect(memory.totalBytes > memory.availableBytes)
        let disks = try DiskCounters.parse(Fixtures.text("\(directory)/diskstats"), excludedPrefixes: ["loop"])
        #expect(disks.contains { $0.device == "vda" && $0.sectorsRead > 0 })
        let network = try NetworkCounters.parse(Fixtures.text("\(directory)/dev"), excluded: ["lo"])
        #expect(network.contains { $0.interface == "eth0" && $0.receiveBytes > 0 })
    }

    @Test func ratesBetweenTwoCapturedSnapshotsAreNonNegativeAndBounded() throws {
        func snapshot(_ directory: String, at nanos: Int64) throws -> HostSnapshot {
            HostSnapshot(
                atNanos: nanos,
                cpu: try CPUTimes.parse(Fixtures.text("\(directory)/stat")),
                memory: try MemoryInfo.parse(Fixtures.text("\(directory)/meminfo")),
                disks: try DiskCounters.parse(Fixtures.text("\(directory)/diskstats"), excludedPrefixes: ["loop"]),
                network: try NetworkCounters.parse(Fixtures.text("\(directory)/dev"), excluded: ["lo"])
            )
        }
        let before = try snapshot("proc-t0", at: 0)
        let after = try snapshot("proc-t1", at: 2_000_000_000)
        let samples = after.samples(since: before)
        let cpu = try #require(Observation(samples: samples).value(of: MetricName.cpuUsage))
        #expect((0...1).contains(cpu))
        let rates = samples.filter { $0.name.hasSuffix("_per_second") }
        #expect(!rates.isEmpty)
        #expect(rates.allSatisfy { $0.value >= 0 && $0.value.isFinite })
        #expect(before.samples(since: nil).allSatisfy { !$0.name.hasSuffix("_per_second") })
    }

    @Test func networkRateIsRightAcrossA32BitWrap() {
        let before = HostSnapshot(
            atNanos: 0,
            network: [NetworkCounters(interface: "eth0", receiveBytes: 4_294_967_000, transmitBytes: 0)]
        )
        let after = HostSnapshot(
            atNanos: 1_000_000_000,
            network: [NetworkCounters(interface: "eth0", receiveBytes: 704, transmitBytes: 10)]
        )
        let rate = Observation(samples: after.samples(since: before)).value(
            of: "network_receive_bytes_per_second",
            labels: ["device": "eth0"]
        )
        #expect(rate == 1000)
    }

    @Test func diskRatesAreSectorsTimes512PerSecond() {
        let disk = { (sectors: UInt64, millis: UInt64) in
            DiskCounters(
                device: "vda",
                readsCompleted: 0,
                sectorsRead: sectors,
                writesCompleted: 0,
                sectorsWritten: 0,
                ioMillis: millis
            )
        }
        let before = HostSnapshot(atNanos: 0, disks: [disk(0, 0)])
        let after = HostSnapshot(atNanos: 2_000_000_000, disks: [disk(4, 500)])
        let observation = Observation(samples: after.samples(since: before))
        #expect(observation.value(of: "disk_read_bytes_per_second", labels: ["device": "vda"]) == 1024)
        #expect(observation.value(of: "disk_io_utilisation", labels: ["device": "vda"]) == 0.25)
    }

    @Test func hostSourceReadsCapturedFilesThroughAProcRoot() async throws {
        let root = try Fixtures.path("proc-synthetic")
        let source = HostSource(configuration: HostSourceConfiguration(procRoot: root, mountPoints: []))
        let result = await source.sample(atNanos: 1)
        #expect(result.health == .up)
        let observation = Observation(samples: result.samples)
        #expect(observation.value(of: MetricName.memoryUsage) == 0.75)
        #expect(observation.value(of: MetricName.cpuUsage) == nil)
    }

    @Test func aMissingFileDegradesTheHostSourceAndKeepsTheRest() async throws {
        let source = HostSource(
            configuration: HostSourceConfiguration(
                procRoot: try Fixtures.path("proc-t0"),
                mountPoints: ["/no/such/mount"]
            )
        )
        let result = await source.sample(atNanos: 1)
        #expect(result.health.status == .degraded)
        #expect(result.health.errors.contains { $0.contains("/net/dev") })
        #expect(result.health.errors.contains { $0.contains("/no/such/mount") && $0.contains("errno") })
        #expect(Observation(samples: result.samples).value(of: MetricName.memoryUsage) != nil)
    }

    @Test func readsTheLiveHostTwiceAndReportsCPUMemoryDiskAndNetwork() async throws {
        let source = HostSource()
        _ = await source.sample(atNanos: 0)
        // Burn a little CPU so the tick counters move between the two readings.
        var sum = 0.0
        for index in 0..<2_000_000 { sum += Double(index).squareRoot() }
        #expect(sum > 0)
        let result = await source.sample(atNanos: 1_000_000_000)
        #expect(result.health == .up, "\(result.health.errors)")
        let observation = Observation(samples: result.samples)
        let memory = try #require(observation.value(of: MetricName.memoryUsage))
        #expect(memory > 0 && memory < 1)
        let disk = try #require(observation.value(of: "disk_usage", labels: ["mountpoint": "/"]))
        #expect(disk > 0 && disk < 1)
        if let cpu = observation.value(of: MetricName.cpuUsage) { #expect((0...1).contains(cpu)) }
        #expect(result.samples.contains { $0.name == "network_receive_bytes_total" })
    }
}
