import Foundation
import OODACore

extension Topology {
    static let topLevelKeys: Set<String> = ["name", "logs", "heartbeat", "curve", "stages"]
    /// Keys every stage has; the rest of a stage's mapping is its own settings.
    public static let commonStageKeys: Set<String> = ["publish", "connect", "metrics"]

    /// Reads and checks a topology file.
    ///
    /// - Throws: ``TopologyError`` naming the file, the line and the field.
    public static func load(file: String) throws(TopologyError) -> Topology {
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw TopologyError(
                .unreadable,
                file: file,
                line: nil,
                field: "",
                message: "cannot read the topology file (\(error.localizedDescription)); pass an existing file"
            )
        }
        return try parse(text: text, file: file)
    }

    /// Parses and checks topology text; `file` names it in errors.
    public static func parse(text: String, file: String) throws(TopologyError) -> Topology {
        let document = try TopologyDocument(text: text, file: file)
        guard document.isMapping(at: []) else {
            throw document.error(.invalidValue, at: [], "the topology must be a mapping with a 'stages' key")
        }
        for (key, line) in document.keys(at: []) where !topLevelKeys.contains(key) {
            throw TopologyError(
                .unknownField,
                file: file,
                line: line,
                field: key,
                message: "unknown field (known: \(topLevelKeys.sorted().joined(separator: ", ")))"
            )
        }
        let name = !document.contains(["name"]) ? "ooda" : try document.decode(String.self, at: ["name"])
        let log = !document.contains(["logs"]) ? LogSettings() : try document.decode(LogSettings.self, at: ["logs"])
        if let retain = log.retainBytes, retain < Int64(log.segmentBytes) * 2 {
            throw document.error(
                .invalidValue,
                at: ["logs", "retainBytes"],
                "is \(retain) bytes, less than two segments (logs.segmentBytes is \(log.segmentBytes)): it would keep "
                    + "little more than the segment being written; give at least \(log.segmentBytes * 2)"
            )
        }
        let heartbeat =
            !document.contains(["heartbeat"])
            ? DurationSetting(seconds: 1) : try document.decode(DurationSetting.self, at: ["heartbeat"])

        let curve = !document.contains(["curve"]) ? nil : try document.decode(CurveSettings.self, at: ["curve"])
        if let curve, curve.keys.isEmpty {
            throw document.error(.invalidValue, at: ["curve", "keys"], "is empty; give the keys directory")
        }

        guard document.isMapping(at: ["stages"]) else {
            throw document.error(
                .missingField,
                at: ["stages"],
                "is required: a mapping of observe, orient, decide, act"
            )
        }
        var stages: [StageName: StageEndpoints] = [:]
        for (key, line) in document.keys(at: ["stages"]) {
            guard StageName.loop.contains(StageName(key)) else {
                throw TopologyError(
                    .unknownStage,
                    file: file,
                    line: line,
                    field: "stages.\(key)",
                    message: "unknown stage '\(key)' (expected observe, orient, decide or act)"
                )
            }
            stages[StageName(key)] = try stageEndpoints(StageName(key), in: document)
        }
        try checkDistinctEndpoints(stages, in: document)
        return Topology(
            file: file,
            name: name,
            log: log,
            heartbeat: heartbeat,
            stages: stages,
            curve: curve,
            text: text
        )
    }

    /// Decodes a stage's own settings (the keys of its mapping other than ``commonStageKeys``), strictly.
    ///
    /// - Throws: ``TopologyError`` with file, line and field.
    public func settings<Settings: Codable>(
        _ type: Settings.Type,
        for stage: StageName
    ) throws(TopologyError)
        -> Settings
    {
        let document = try TopologyDocument(text: text, file: file)
        return try document.decode(type, at: ["stages", stage.rawValue], ignoring: Self.commonStageKeys)
    }

    private static func stageEndpoints(
        _ stage: StageName,
        in document: TopologyDocument
    ) throws(TopologyError)
        -> StageEndpoints
    {
        let path = ["stages", stage.rawValue]
        guard document.isMapping(at: path) else {
            throw document.error(.invalidValue, at: path, "must be a mapping with at least 'publish'")
        }
        let publish = try document.decode(BusEndpoint.self, at: path + ["publish"])
        let connect =
            !document.contains(path + ["connect"])
            ? publish.connectable : try document.decode(BusEndpoint.self, at: path + ["connect"])
        let metrics =
            !document.contains(path + ["metrics"])
            ? nil : try document.decode(String.self, at: path + ["metrics"])
        if let metrics, !metrics.isHostPort {
            throw document.error(.invalidValue, at: path + ["metrics"], "'\(metrics)' is not HOST:PORT")
        }
        return StageEndpoints(stage: stage, publish: publish, connect: connect, metrics: metrics)
    }

    private static func checkDistinctEndpoints(
        _ stages: [StageName: StageEndpoints],
        in document: TopologyDocument
    ) throws(TopologyError) {
        var seenPublish: [BusEndpoint: StageName] = [:]
        var seenMetrics: [String: StageName] = [:]
        for stage in StageName.loop {
            guard let endpoints = stages[stage] else { continue }
            if let other = seenPublish[endpoints.publish] {
                throw document.error(
                    .duplicateEndpoint,
                    at: ["stages", stage.rawValue, "publish"],
                    "\(endpoints.publish) is already the publish endpoint of \(other); give each stage its own"
                )
            }
            seenPublish[endpoints.publish] = stage
            // Port 0 asks the system for a free port, a different one for each stage.
            if let metrics = endpoints.metrics, !metrics.hasSuffix(":0") {
                if let other = seenMetrics[metrics] {
                    throw document.error(
                        .duplicateEndpoint,
                        at: ["stages", stage.rawValue, "metrics"],
                        "\(metrics) is already the metrics address of \(other); give each stage its own port"
                    )
                }
                seenMetrics[metrics] = stage
            }
        }
    }
}

extension BusEndpoint {
    /// The endpoint a peer connects to when this one is bound: a wildcard host becomes loopback.
    var connectable: BusEndpoint {
        guard transport == .tcp, address.hasPrefix("*:") else { return self }
        var endpoint = self
        endpoint.address = "127.0.0.1" + address.dropFirst()
        return endpoint
    }
}

extension String {
    fileprivate var isHostPort: Bool {
        guard let colon = lastIndex(of: ":"), colon != startIndex, let port = Int(self[index(after: colon)...]) else {
            return false
        }
        return (0...65_535).contains(port)
    }
}
