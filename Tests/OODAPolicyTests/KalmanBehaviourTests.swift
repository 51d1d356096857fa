import OODACore
import Testing

@testable import OODAPolicy

/// The filter's reference behaviour: step response, steady state, stability, adaptation, positive definiteness.
@Suite struct KalmanBehaviourTests {
    static let second: Int64 = 1_000_000_000

    /// A one-field filter on a ratio in 0...1, with the default noise settings.
    static func singleField(adaptive: Bool = true) throws -> AdaptiveKalmanFilter {
        try AdaptiveKalmanFilter(
            configuration: FilterConfiguration(fields: [StateField(name: "cpu_usage")], adaptive: adaptive)
        )
    }

    @Test func textbookStepResponseReachesNinetyPercentWithinNineSteps() throws {
        // The step response proper: the linear filter's noise-free response, the same for every step size.
        var filter = try Self.singleField(adaptive: false)
        var time: Int64 = 0
        for _ in 0..<100 {
            time += Self.second
            try filter.step([0.2], atNanos: time)
        }
        var reached: Int?
        for step in 1...60 where reached == nil {
            time += Self.second
            try filter.step([1.2], atNanos: time)
            if filter.level(at: 0) >= 0.2 + 0.9 { reached = step }
        }
        let steps = try #require(reached)
        print("step response (textbook, default noise): 90 % after \(steps) steps")
        #expect(steps <= 9)
    }

    @Test(arguments: [1.0, 0.5])
    func adaptiveFilterTracksANoisyStepToNinetyPercentWithinNineSteps(size: Double) throws {
        var worst = 0
        var noise = SeededNoise(seed: 7)
        for trial in 0..<20 {
            var filter = try Self.singleField()
            var time: Int64 = 0
            for _ in 0..<100 {
                time += Self.second
                try filter.step([0.2 + noise.gaussian(0.05)], atNanos: time)
            }
            var reached: Int?
            for step in 1...60 {
                time += Self.second
                try filter.step([0.2 + size + noise.gaussian(0.05)], atNanos: time)
                if reached == nil, filter.level(at: 0) >= 0.2 + 0.9 * size { reached = step }
            }
            let steps = try #require(reached, "trial \(trial) never reached 90 %")
            worst = max(worst, steps)
        }
        print("step response (adaptive, step of \(size / 0.05) σ): slowest of 20 reached 90 % after \(worst) steps")
        #expect(worst <= 9, "slowest of 20 step responses reached 90 % after \(worst) steps")
    }

    @Test(arguments: [true, false])
    func holdsSteadyStateErrorBelowFivePercentOnANoisyConstant(adaptive: Bool) throws {
        var filter = try Self.singleField(adaptive: adaptive)
        var noise = SeededNoise(seed: 11)
        var squared = 0.0
        var sum = 0.0
        let settle = 300
        let count = 5000
        for step in 1...count {
            try filter.step([0.5 + noise.gaussian(0.1)], atNanos: Int64(step) * Self.second)
            if step > settle {
                let error = filter.level(at: 0) - 0.5
                squared += error * error
                sum += error
            }
        }
        let rms = (squared / Double(count - settle)).squareRoot()
        let bias = abs(sum / Double(count - settle))
        print("noisy constant (adaptive: \(adaptive)): RMS error \(rms), mean error \(bias)")
        #expect(rms < 0.05, "RMS error \(rms) with measurement noise σ = 0.1")
        #expect(bias < 0.01, "mean error \(bias)")
    }

    @Test func keepsOutputBoundedForBoundedInput() throws {
        // Bounded inputs inside [-1, 1]: square waves of every half-period from 1 to 60 steps (the slow ones
        // excite the trend's overshoot), plus uniform noise. The gain is the worst peak |output| / peak |input|.
        var worst = 0.0
        var worstHalfPeriod = 0
        for halfPeriod in 1...60 {
            var filter = try Self.singleField()
            var noise = SeededNoise(seed: UInt64(halfPeriod))
            var largestInput = 0.0
            var largestOutput = 0.0
            for step in 1...3000 {
                let square = (step / halfPeriod) % 2 == 0 ? 0.8 : -0.8
                let input = square + 0.2 * (2 * noise.uniform() - 1)
                try filter.step([input], atNanos: Int64(step) * Self.second)
                largestInput = max(largestInput, abs(input))
                largestOutput = max(largestOutput, abs(filter.level(at: 0)))
            }
            if largestOutput / largestInput > worst {
                worst = largestOutput / largestInput
                worstHalfPeriod = halfPeriod
            }
        }
        print(
            "bounded-input bounded-output: measured gain \(worst) (square wave, half-period \(worstHalfPeriod) steps)"
        )
        #expect(worst.isFinite)
        #expect(worst < 2, "measured gain \(worst)")
    }

    @Test func adaptsMeasurementNoiseTowardTheTrueVariance() throws {
        for deviation in [0.02, 0.1, 0.3] {
            var filter = try Self.singleField()
            var noise = SeededNoise(seed: 5)
            var average = 0.0
            let count = 6000
            for step in 1...count {
                try filter.step([0.5 + noise.gaussian(deviation)], atNanos: Int64(step) * Self.second)
                if step > count - 1000 { average += filter.measurementNoise(at: 0) / 1000 }
            }
            let truth = deviation * deviation
            print("adapted measurement noise for σ = \(deviation): \(average) (true \(truth))")
            #expect(abs(average / truth - 1) < 0.15, "σ = \(deviation): estimated \(average), true \(truth)")
        }
    }

    @Test func keepsEveryCovariancePositiveDefiniteOverAMillionStepsWithOutliers() throws {
        var filter = try AdaptiveKalmanFilter(
            configuration: FilterConfiguration(fields: [
                StateField(name: "cpu_usage"), StateField(name: "latency_ms", scale: 100),
            ])
        )
        var noise = SeededNoise(seed: 13)
        var time: Int64 = 0
        var violations = 0
        for step in 1...1_000_000 {
            // Irregular intervals, repeated time stamps, a clock that steps back, and outliers of 10⁶ × σ.
            time += step % 997 == 0 ? -Self.second : Int64(noise.uniform() * 2e9) * (step % 101 == 0 ? 0 : 1)
            var cpu = 0.5 + noise.gaussian(0.05)
            var latency = 120 + noise.gaussian(10)
            if step % 1009 == 0 { cpu = 5e4 }
            if step % 2003 == 0 { latency = -1e7 }
            try filter.step([cpu, latency], atNanos: time)
            if !filter.isPositiveDefinite { violations += 1 }
        }
        #expect(violations == 0)
        #expect(filter.isPositiveDefinite)
        #expect(abs(filter.level(at: 0) - 0.5) < 0.2)
    }
}
