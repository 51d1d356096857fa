import Foundation
import OODACore
import Testing

@testable import OODAPolicy

/// The filter against the textbook equations, computed independently with filterpy (`Fixtures/make_reference.py`).
@Suite struct KalmanReferenceTests {
    struct Reference: Decodable {
        struct Field: Decodable {
            var name: String
            var scale: Double
            var q: Double
            var r: Double
        }
        struct Step: Decodable {
            var timeNanos: Int64
            var measurements: [Double]
            var state: [Double]
            var covariance: [Double]
            var innovation: [Double]
            var innovationVariance: [Double]
            var nis: Double
        }
        var fields: [Field]
        var initialTrendVariance: Double
        var steps: [Step]
    }

    static func loadReference() throws -> Reference {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/kalman_reference", withExtension: "json"))
        return try JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
    }

    static func close(_ actual: Double, _ expected: Double) -> Bool {
        abs(actual - expected) <= 1e-9 * max(1, abs(expected))
    }

    @Test func matchesTheTextbookFilterWithAdaptationOff() throws {
        let reference = try Self.loadReference()
        #expect(reference.steps.count == 60)
        let configuration = FilterConfiguration(
            fields: reference.fields.map {
                StateField(name: $0.name, scale: $0.scale, processNoise: $0.q, measurementNoise: $0.r)
            },
            adaptive: false,
            initialTrendVariance: reference.initialTrendVariance
        )
        var filter = try AdaptiveKalmanFilter(configuration: configuration)
        var worst = 0.0
        for (number, step) in reference.steps.enumerated() {
            try filter.step(step.measurements, atNanos: step.timeNanos)
            let snapshot = filter.snapshot
            #expect(Self.close(filter.nis, step.nis), "NIS at step \(number)")
            for index in reference.fields.indices {
                let estimate = filter.estimates[index]
                let expected = Array(step.state[(2 * index)...(2 * index + 1)])
                let covariance = Array(step.covariance[(3 * index)...(3 * index + 2)])
                let actual = [estimate.level, estimate.trend]
                let actualCovariance = [estimate.p00, estimate.p01, estimate.p11]
                for (a, e) in zip(actual + actualCovariance, expected + covariance) {
                    #expect(Self.close(a, e), "field \(index) at step \(number): \(a) vs \(e)")
                    worst = max(worst, abs(a - e) / max(1, abs(e)))
                }
                if number > 0 {
                    #expect(Self.close(estimate.innovation, step.innovation[index]))
                    #expect(Self.close(estimate.innovationVariance, step.innovationVariance[index]))
                }
                #expect(snapshot.state[2 * index] == estimate.level)
            }
        }
        #expect(worst < 1e-9)
    }
}
