// Prints latency and throughput figures. Usage: ooda-benchmarks [act]
switch CommandLine.arguments.dropFirst().first {
case "act": try await runActBenchmark()
default: print("usage: ooda-benchmarks <benchmark>; benchmarks: act")
}
