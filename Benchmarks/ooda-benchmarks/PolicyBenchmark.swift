import OODACore
import OODAPolicy

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Per-call cost of orient's filter and policy and of decide's engine, beside a numpy/filterpy step.
///
/// `ooda-benchmarks policy [iterations]`. Each figure is the median over 15 batches of the mean time per call
/// in a batch. The Python reference runs `Tests/OODAPolicyTests/Fixtures/benchmark_filterpy.py` when
/// `python3` with numpy and filterpy is available.
enum PolicyBenchmark {
    static func run(arguments: [String]) {
        let iterations = arguments.first.flatMap(Int.init) ?? 200_000
        let second: Int64 = 1_000_000_000
        let observations = (0..<1024).map { step -> Observation in
            let t = Double(step)
            let wave = Double((step * 7919) % 101) / 100 - 0.5
            return Observation(samples: [
                MetricSample(name: MetricName.omegaScore, value: 0.9 + 0.01 * wave, source: "bench"),
                MetricSample(name: MetricName.psiIndex, value: 0.85 + 0.01 * wave, source: "bench"),
                MetricSample(name: MetricName.betaAntifragile, value: 1.1 + 0.02 * wave, source: "bench"),
                MetricSample(name: MetricName.cpuUsage, value: 0.5 + 0.3 * (t / 1024) + 0.02 * wave, source: "bench"),
                MetricSample(name: MetricName.latencyMs, value: 120 + 5 * wave, source: "bench"),
                MetricSample(name: MetricName.throughput, value: 900 + 30 * wave, source: "bench"),
            ])
        }
        let vectors = observations.map { observation in
            MetricName.defaultStateFields.map { observation.value(of: $0)! }
        }
        print("policy benchmark: \(iterations) calls per batch, 6 state fields, median of 15 batches")

        var filter = try! AdaptiveKalmanFilter()
        var time: Int64 = 0
        report("filter step (adaptive Kalman, 6 fields)", iterations: iterations) { index in
            time += second
            try! filter.step(vectors[index & 1023], atNanos: time)
            return filter.nis
        }

        var predictor = try! KalmanPolicyPredictor()
        report("filter step + policy (KalmanPolicyPredictor)", iterations: iterations) { index in
            time += second
            return try! predictor.predict(measurements: vectors[index & 1023], revision: 1, atNanos: time).confidence
        }

        var orienter = try! Orienter()
        var orientations: [Orientation] = []
        report("orient: observation → Orientation", iterations: iterations) { index in
            time += second
            let orientation = try! orienter.orient(observations[index & 1023], atNanos: time)
            if orientations.count < 1024 { orientations.append(orientation) }
            return orientation.confidence
        }

        for configuration in [DecisionConfiguration(mode: .balanced), DecisionConfiguration(policy: .hpa)] {
            var engine = try! DecisionEngine(configuration: configuration)
            report("decide (\(configuration.policy), \(configuration.mode))", iterations: iterations) { index in
                time += second
                return engine.makeDecision(orientations[index & 1023], atNanos: time).confidence
            }
        }
        print("targets: filter step + policy ≤ 5 µs, decide ≤ 1 µs (the seed claimed 0.52 ms per prediction)")
        pythonReference()
    }

    /// Times `body` in 15 batches and prints the median mean time per call.
    static func report(_ label: String, iterations: Int, _ body: (Int) -> Double) {
        var sink = 0.0
        for index in 0..<min(iterations, 10_000) { sink += body(index) }
        var batches: [Double] = []
        for _ in 0..<15 {
            let clock = ContinuousClock()
            let start = clock.now
            for index in 0..<iterations { sink += body(index) }
            let elapsed = clock.now - start
            let nanos = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
            batches.append(nanos / Double(iterations))
        }
        batches.sort()
        let median = batches[batches.count / 2]
        let text = median >= 1000 ? "\((median / 10).rounded() / 100) µs" : "\((median * 10).rounded() / 10) ns"
        print("  \(label.padding(45)) \(text) per call  (best batch \((batches[0] * 10).rounded() / 10) ns)")
        if sink.isNaN { print("  (sink \(sink))") }
    }

    /// Runs the numpy/filterpy reference step on this machine, if Python has them, and prints its output.
    static func pythonReference() {
        let root = String(#filePath.split(separator: "/").dropLast(3).joined(separator: "/"))
        let script = "/\(root)/Tests/OODAPolicyTests/Fixtures/benchmark_filterpy.py"
        guard let pipe = popen("python3 '\(script)' 2>&1", "r") else {
            print("numpy/filterpy reference: python3 did not start")
            return
        }
        var line = [CChar](repeating: 0, count: 512)
        while fgets(&line, Int32(line.count), pipe) != nil {
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            print("  " + text, terminator: "")
        }
        if pclose(pipe) != 0 {
            print("  (numpy/filterpy reference unavailable: pip install numpy filterpy)")
        }
    }
}

extension String {
    fileprivate func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
