import ArgumentParser
import Foundation
import Logging
import OODARuntime

/// Finds the topology file a command should use.
enum TopologyFile {
    static let defaultPath = "topology/local.yml"

    /// The given file; else `topology/local.yml` when it exists; else the embedded local topology, written to
    /// `.ooda/topology.yml` so that the stages (child processes) read the same file.
    static func resolve(_ given: String?, logger: Logger) throws -> String {
        if let given { return given }
        if FileManager.default.fileExists(atPath: defaultPath) { return defaultPath }
        let path = ".ooda/topology.yml"
        try FileManager.default.createDirectory(atPath: ".ooda", withIntermediateDirectories: true)
        try EmbeddedTopology.local.write(toFile: path, atomically: true, encoding: .utf8)
        logger.info("using the embedded local topology", metadata: ["file": "\(path)"])
        return path
    }
}

/// The path of the running `ooda` binary, so the launcher starts its stages with the very same build.
enum CurrentExecutable {
    static func path() throws -> String {
        let resolved = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        return resolved
    }
}
