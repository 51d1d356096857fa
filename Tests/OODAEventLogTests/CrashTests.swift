import Foundation
import Testing

@testable import OODAEventLog

/// Kills a child process that is appending, and checks that every append it reported survived.
@Suite(.serialized) struct CrashTests {
    @Test(arguments: ["group", "never", "always"])
    func everyReturnedAppendSurvivesSIGKILL(durability: String) throws {
        let binary = try #require(Self.oodaBinary(), "build the ooda product first (swift build --build-tests)")
        try LogFixture.withDirectory { root in
            let directory = "\(root)/events/observe"
            let child = try ChildProcess(
                binary,
                arguments: ["log", "append-test", directory, "--count", "10000000", "--durability", durability]
            )
            // Kill it once it has reported enough appends; everything it printed before dying counts.
            let reported = try child.readLinesThenKill(after: 300, deadline: .seconds(120))
            let indices = reported.compactMap { UInt64($0) }
            #expect(indices.count == reported.count)
            #expect(indices.count >= 300)
            #expect(indices == Array(1...UInt64(indices.count)))
            let last = try #require(indices.last)

            let report = try LogVerifier.verify(path: directory)
            #expect(report.isValid)
            let writer = try LogFixture.writer(directory)
            #expect(writer.recovery.lastIndex >= last)
            try writer.close()
            let records = try LogFixture.readAll(directory)
            #expect(records.count >= Int(last))
            #expect(records.map(\.index) == Array(1...UInt64(records.count)))
            #expect(try LogVerifier.verify(path: directory).isValid)
        }
    }

    /// The `ooda` executable next to the test bundle, where `swift build` puts it.
    static func oodaBinary() -> String? {
        guard let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else {
            return nil
        }
        var directory = URL(fileURLWithPath: executable).deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = directory.appendingPathComponent("ooda").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }
}
