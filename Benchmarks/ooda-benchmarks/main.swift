// Benchmarks print figures; pick one by name, e.g. `ooda-benchmarks eventlog [records]`.
let arguments = Array(CommandLine.arguments.dropFirst())
let usage = "usage: ooda-benchmarks <benchmark> [arguments]; benchmarks: eventlog, act, observe, policy"
switch arguments.first {
case "eventlog":
    try EventLogBenchmark.run(arguments: Array(arguments.dropFirst()))
case "act":
    try await runActBenchmark()
case "observe":
    try await runObserveBenchmark()
case "policy":
    PolicyBenchmark.run(arguments: Array(arguments.dropFirst()))
default:
    print(usage)
}
