import OODACore
import Testing

@testable import OODAPolicy

/// Bad input is rejected with an error that names the field, and leaves the filter unchanged.
@Suite struct KalmanInputTests {
    static func warmedUp() throws -> AdaptiveKalmanFilter {
        var filter = try AdaptiveKalmanFilter()
        for step in 1...5 {
            try filter.step([0.9, 0.8, 1.1, 0.5, 120, 900], atNanos: Int64(step) * 1_000_000_000)
        }
        return filter
    }

    @Test(arguments: [Double.nan, .infinity, -.infinity])
    func rejectsANonFiniteValueNamingTheField(value: Double) throws {
        var filter = try Self.warmedUp()
        let before = filter.snapshot
        let error = #expect(throws: PolicyError.self) {
            try filter.step([0.9, 0.8, 1.1, 0.5, value, 900], atNanos: 9_000_000_000)
        }
        #expect(error?.code == .nonFiniteValue)
        #expect(error?.field == MetricName.latencyMs)
        #expect(error?.description.contains("latency_ms") == true)
        #expect(filter.snapshot == before)
    }

    @Test func rejectsAValueBeyondTheRangeTheArithmeticSurvives() throws {
        var filter = try Self.warmedUp()
        let before = filter.snapshot
        let error = #expect(throws: PolicyError.self) {
            try filter.step([0.9, 0.8, 1.1, 0.5, 120, 1e300], atNanos: 9_000_000_000)
        }
        #expect(error?.code == .valueOutOfRange)
        #expect(error?.field == MetricName.throughput)
        #expect(filter.snapshot == before)
    }

    @Test func rejectsAVectorOfTheWrongLength() throws {
        var filter = try Self.warmedUp()
        let before = filter.snapshot
        #expect(throws: PolicyError.self) { try filter.step([0.9, 0.8], atNanos: 9_000_000_000) }
        #expect(filter.snapshot == before)
    }

    @Test func rejectsAnInvalidConfigurationNamingTheKey() {
        let error = #expect(throws: PolicyError.self) {
            try AdaptiveKalmanFilter(configuration: FilterConfiguration(fields: [StateField(name: "x", scale: 0)]))
        }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.field == "x")
    }

    @Test func restoresFromASnapshotAndContinuesBitForBit() throws {
        var original = try Self.warmedUp()
        var restored = try AdaptiveKalmanFilter(configuration: original.configuration, restoring: original.snapshot)
        #expect(restored.snapshot == original.snapshot)
        for step in 6...50 {
            let row = [0.9, 0.8 - Double(step) * 0.01, 1.1, 0.5 + Double(step % 3) * 0.1, 120, 900]
            try original.step(row, atNanos: Int64(step) * 1_000_000_000)
            try restored.step(row, atNanos: Int64(step) * 1_000_000_000)
            #expect(restored.nis.bitPattern == original.nis.bitPattern)
        }
        #expect(restored.snapshot == original.snapshot)
    }

    @Test func refusesASnapshotOfAnotherShape() throws {
        let filter = try Self.warmedUp()
        let other = FilterConfiguration(fields: [StateField(name: "cpu_usage")])
        let error = #expect(throws: PolicyError.self) {
            try AdaptiveKalmanFilter(configuration: other, restoring: filter.snapshot)
        }
        #expect(error?.code == .snapshotMismatch)
    }
}
