import ArgumentParser
import Foundation
import OODARuntime

/// Where a command finds the event logs: `--events DIR`, else the `logs.directory` of `--topology FILE`, else
/// that of `topology/local.yml`, else `.ooda/events`.
struct EventsLocation: ParsableArguments {
    @Option(help: "The events directory (one log directory per stage).")
    var events: String?

    @Option(help: "Take the events directory from this topology file.")
    var topology: String?

    func directory() throws -> String {
        if let events { return events }
        if let topology { return try Topology.load(file: topology).log.directory }
        if FileManager.default.fileExists(atPath: TopologyFile.defaultPath) {
            return try Topology.load(file: TopologyFile.defaultPath).log.directory
        }
        return LogSettings().directory
    }
}
