import Foundation

// Benchmarks print figures; pick one by name, e.g. `ooda-benchmarks eventlog [records]`.
let arguments = Array(CommandLine.arguments.dropFirst())
let rest = Array(arguments.dropFirst())
let usage =
    "usage: ooda-benchmarks <benchmark> [arguments]; benchmarks: bus, codec, eventlog, act, observe, policy, loop, hops, replay"
do {
    switch arguments.first {
    case "bus":
        try await runBusBenchmark(arguments: rest)
    case "bus-receiver":
        // The receiving process of the bus benchmark's latency runs.
        try await runBusReceiver(arguments: rest)
    case "codec":
        try runCodecBenchmark(arguments: rest)
    case "eventlog":
        try EventLogBenchmark.run(arguments: rest)
    case "act":
        try await runActBenchmark()
    case "policy":
        PolicyBenchmark.run(arguments: rest)
    case "loop":
        try await runLoopBenchmark(arguments: rest)
    case "hops":
        try await runHopsBenchmark(arguments: rest)
    case "hop-relay":
        // A relay process of the hops benchmark.
        try await runHopRelay(arguments: rest)
    case "replay":
        try runReplayBenchmark(arguments: rest)
    case "observe":
        try await runObserveBenchmark()
    default:
        print(usage)
    }
} catch {
    // What went wrong, in a line, instead of a crash report.
    FileHandle.standardError.write(Data("ooda-benchmarks \(arguments.first ?? ""): \(error)\n".utf8))
    exit(1)
}
