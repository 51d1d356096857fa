// Benchmarks print figures; pick one by name, e.g. `ooda-benchmarks eventlog [records]`.
let arguments = Array(CommandLine.arguments.dropFirst())
let usage =
    "usage: ooda-benchmarks <benchmark> [arguments]; benchmarks: bus, codec, eventlog, act, observe, policy, loop, replay"
switch arguments.first {
case "bus":
    try await runBusBenchmark(arguments: Array(arguments.dropFirst()))
case "bus-receiver":
    // The receiving process of the bus benchmark's latency runs.
    try await runBusReceiver(arguments: Array(arguments.dropFirst()))
case "codec":
    try runCodecBenchmark()
case "eventlog":
    try EventLogBenchmark.run(arguments: Array(arguments.dropFirst()))
case "act":
    try await runActBenchmark()
case "policy":
    PolicyBenchmark.run(arguments: Array(arguments.dropFirst()))
case "loop":
    try await runLoopBenchmark(arguments: Array(arguments.dropFirst()))
case "replay":
    try runReplayBenchmark(arguments: Array(arguments.dropFirst()))
case "observe":
    try await runObserveBenchmark()
default:
    print(usage)
}
