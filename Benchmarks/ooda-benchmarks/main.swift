// Benchmarks print figures; each area's lives in its own file. Run in release:
// swift build -c release --product ooda-benchmarks && .build/release/ooda-benchmarks <area> [arguments]
let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "bus": try await runBusBenchmark(arguments: Array(arguments.dropFirst()))
case "observe": try await runObserveBenchmark()
default:
    print("usage: ooda-benchmarks bus [ipc|tcp] [back-to-back samples] [100 Hz samples] [throughput count]")
    print("       ooda-benchmarks observe")
}
