// Runs one benchmark by name: `ooda-benchmarks observe`.
let name = CommandLine.arguments.dropFirst().first ?? ""
switch name {
case "observe":
    try await runObserveBenchmark()
default:
    print("usage: ooda-benchmarks <benchmark>; benchmarks: observe")
}
