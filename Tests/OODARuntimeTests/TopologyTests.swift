import Foundation
import OODACore
import OODARuntime
import Testing

@Suite struct TopologyTests {
    static let valid = """
        name: demo
        logs:
          directory: /tmp/ooda-test/events
          fsync: always
        heartbeat: 500ms
        stages:
          observe:
            publish: ipc:///tmp/ooda-test/observe.sock
            metrics: 127.0.0.1:9101
          orient:
            publish: tcp://*:5552
          decide:
            publish: tcp://127.0.0.1:5553
            connect: tcp://decide.local:5553
            mode: aggressive
            cooldown: 30s
          act:
            publish: ipc:///tmp/ooda-test/act.sock
        """

    @Test func aValidFileLoadsWithItsEndpointsAndSettings() throws {
        let topology = try Topology.parse(text: Self.valid, file: "demo.yml")
        #expect(topology.name == "demo")
        #expect(topology.log.fsync == .always)
        #expect(topology.log.directory(of: .decide) == "/tmp/ooda-test/events/decide")
        #expect(topology.heartbeat.nanoseconds == 500_000_000)
        #expect(topology.orderedStages.map(\.stage) == StageName.loop)
        let orient = try topology.endpoints(of: .orient)
        #expect(orient.publish.description == "tcp://*:5552")
        #expect(orient.connect.description == "tcp://127.0.0.1:5552")
        #expect(try topology.endpoints(of: .decide).connect.description == "tcp://decide.local:5553")
        #expect(try topology.endpoints(of: .observe).metrics == "127.0.0.1:9101")
        let decide = try topology.settings(SampleDecideSettings.self, for: .decide)
        #expect(decide == SampleDecideSettings(mode: .aggressive, cooldown: DurationSetting(seconds: 30)))
    }

    @Test func curveIsReadAndOffByDefault() throws {
        #expect(try Topology.parse(text: Self.valid, file: "demo.yml").curve == nil)
        let text = Self.valid.replacingOccurrences(
            of: "heartbeat: 500ms",
            with: "heartbeat: 500ms\ncurve: {keys: /etc/ooda/keys}"
        )
        #expect(try Topology.parse(text: text, file: "demo.yml").curve == CurveSettings(keys: "/etc/ooda/keys"))
    }

    @Test func retentionIsReadAndOffByDefault() throws {
        #expect(try Topology.parse(text: Self.valid, file: "demo.yml").log.retainBytes == nil)
        let text = Self.valid.replacingOccurrences(
            of: "  fsync: always",
            with: "  fsync: always\n  segmentBytes: 1048576\n  retainBytes: 21474836480"
        )
        let log = try Topology.parse(text: text, file: "demo.yml").log
        #expect(log.segmentBytes == 1_048_576)
        #expect(log.retainBytes == 21_474_836_480)
    }

    @Test func theShippedTopologiesLoad() throws {
        for name in ["local.yml", "compose.yml"] {
            let topology = try Topology.load(file: repositoryFile("topology/\(name)"))
            #expect(topology.orderedStages.map(\.stage) == StageName.loop, "\(name)")
            // Every stage's own settings too, as `ooda launch` checks them before it starts anything.
            try topology.checkStageSettings()
        }
    }

    @Test func theEmbeddedTopologyIsTheShippedLocalFile() throws {
        let file = try String(contentsOfFile: repositoryFile("topology/local.yml"), encoding: .utf8)
        #expect(EmbeddedTopology.local == file)
    }

    @Test(arguments: [
        // (replace, with, code, line, field)
        BadCase("  observe:", "  observ:", .unknownStage, 7, "stages.observ"),
        BadCase(
            "    publish: tcp://*:5552",
            "    metrics: 127.0.0.1:9102",
            .missingField,
            11,
            "stages.orient.publish"
        ),
        BadCase("tcp://*:5552", "ipc:///tmp/ooda-test/act.sock", .duplicateEndpoint, 18, "stages.act.publish"),
        BadCase("tcp://*:5552", "udp://x:1", .invalidValue, 11, "stages.orient.publish"),
        BadCase("fsync: always", "fsync: sometimes", .invalidValue, 4, "logs.fsync"),
        BadCase("heartbeat: 500ms", "heartbeat: soon", .invalidValue, 5, "heartbeat"),
        BadCase("heartbeat: 500ms", "heartbeats: 500ms", .unknownField, 5, "heartbeats"),
        BadCase("    cooldown: 30s", "    cooldwon: 30s", .unknownField, 16, "stages.decide.cooldwon"),
        BadCase("    mode: aggressive", "    mode: [aggressive", .syntax, 16, ""),
        BadCase("    connect: tcp://decide.local:5553", "    colour: blue", .unknownField, 14, "stages.decide.colour"),
        BadCase("127.0.0.1:9101", "localhost", .invalidValue, 9, "stages.observe.metrics"),
        BadCase("  fsync: always", "  fsync: always\n  retainBytes: 1000", .invalidValue, 5, "logs.retainBytes"),
        BadCase("  fsync: always", "  fsync: always\n  retainBytes: lots", .invalidValue, 5, "logs.retainBytes"),
        BadCase("heartbeat: 500ms", "heartbeat: 500ms\ncurve: {key: /etc/ooda/keys}", .unknownField, 6, "curve.key"),
        BadCase("heartbeat: 500ms", "heartbeat: 500ms\ncurve: {keys: ''}", .invalidValue, 6, "curve.keys"),
        BadCase("heartbeat: 500ms", "heartbeat: 500ms\ncurve: /etc/ooda/keys", .invalidValue, 6, "curve"),
    ])
    func aBadFileIsRejectedNamingFileLineAndField(bad: BadCase) throws {
        let text = Self.valid.replacingOccurrences(of: bad.replace, with: bad.with)
        #expect(text != Self.valid)
        do {
            let topology = try Topology.parse(text: text, file: "bad.yml")
            _ = try topology.settings(SampleDecideSettings.self, for: .decide)
            Issue.record("accepted a bad topology: \(bad.with)")
        } catch {
            #expect(error.code == bad.code, "\(error)")
            #expect(error.file == "bad.yml")
            #expect(error.line == bad.line, "\(error)")
            #expect(error.field == bad.field, "\(error)")
            #expect(error.description.hasPrefix("bad.yml:\(bad.line):"))
        }
    }

    @Test func aNameOutsideItsSetSaysWhichNamesItCouldBe() throws {
        let text = Self.valid.replacingOccurrences(of: "fsync: always", with: "fsync: sometimes")
        #expect(throws: TopologyError.self) { try Topology.parse(text: text, file: "bad.yml") }
        do {
            _ = try Topology.parse(text: text, file: "bad.yml")
        } catch {
            #expect(error.description == "bad.yml:4: logs.fsync: 'sometimes' is not one of always, group, never")
        }
    }

    @Test(arguments: [
        ("fsync: always", "fsync: [always]", "bad.yml:4: logs.fsync: expected a single value, not a list or a mapping"),
        (
            "logs:\n  directory: /tmp/ooda-test/events\n  fsync: always", "logs: [a, b]",
            "bad.yml:2: logs: expected a mapping (`key: value` lines, or {key: value})"
        ),
    ])
    func aListOrMappingInTheWrongPlaceSaysWhatWasExpected(replace: String, with: String, message: String) {
        let text = Self.valid.replacingOccurrences(of: replace, with: with)
        #expect(text != Self.valid)
        do {
            _ = try Topology.parse(text: text, file: "bad.yml")
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func aMissingFileSaysSo() {
        #expect(throws: TopologyError.self) { try Topology.load(file: "/nonexistent/topology.yml") }
        do {
            _ = try Topology.load(file: "/nonexistent/topology.yml")
        } catch {
            #expect(error.code == .unreadable)
            #expect(error.description.contains("/nonexistent/topology.yml"))
        }
    }

    @Test(arguments: [
        ("250ms", Int64(250_000_000)), ("1s", 1_000_000_000), ("2.5s", 2_500_000_000), ("5m", 300_000_000_000),
        ("1h", 3_600_000_000_000), ("1500us", 1_500_000), ("10", 10_000_000_000), ("0.01", 10_000_000),
    ])
    func durationsParse(text: String, nanoseconds: Int64) {
        #expect(DurationSetting(parsing: text)?.nanoseconds == nanoseconds)
    }

    @Test(arguments: ["", "soon", "-1s", "1d", "ms"])
    func badDurationsDoNot(text: String) {
        #expect(DurationSetting(parsing: text) == nil)
    }
}

struct BadCase: Sendable, CustomTestStringConvertible {
    var replace: String
    var with: String
    var code: TopologyError.Code
    var line: Int
    var field: String

    init(_ replace: String, _ with: String, _ code: TopologyError.Code, _ line: Int, _ field: String) {
        self.replace = replace
        self.with = with
        self.code = code
        self.line = line
        self.field = field
    }

    var testDescription: String { "\(with) → \(code)" }
}

/// A stand-in for a stage's settings type, to test strict, located decoding of stage settings.
struct SampleDecideSettings: Codable, Equatable {
    var mode: DecisionMode
    var cooldown: DurationSetting
}

func repositoryFile(_ path: String, file: String = #filePath) -> String {
    var url = file.split(separator: "/").dropLast(3).joined(separator: "/")
    url = "/" + url + "/" + path
    return url
}
