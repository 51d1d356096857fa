// Benchmarks print figures; pick one by name: `ooda-benchmarks eventlog [records]`.
let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "eventlog":
    try EventLogBenchmark.run(arguments: Array(arguments.dropFirst()))
default:
    print("usage: ooda-benchmarks eventlog [records]")
}
