// Benchmarks print figures; pick one by name, e.g. `ooda-benchmarks eventlog [records]`.
let arguments = Array(CommandLine.arguments.dropFirst())
let usage = "usage: ooda-benchmarks <benchmark> [arguments]; benchmarks: bus, eventlog, act, observe, codec"
switch arguments.first {
case "bus":
    try await runBusBenchmark(arguments: Array(arguments.dropFirst()))
case "eventlog":
    try EventLogBenchmark.run(arguments: Array(arguments.dropFirst()))
case "act":
    try await runActBenchmark()
case "observe":
    try await runObserveBenchmark()
case "codec":
    try runCodecBenchmark(arguments: Array(arguments.dropFirst()))
default:
    print(usage)
}
