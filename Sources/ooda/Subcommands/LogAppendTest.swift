import ArgumentParser
import Foundation
import Logging
import OODACore
import OODAEventLog

extension OODA.Log {
    /// `ooda log append-test DIR`: appends heartbeats and prints each record's index once its append returned.
    ///
    /// Hidden: the crash tests kill it mid-stream and check that every printed record survived.
    struct AppendTest: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "append-test",
            abstract: "Append heartbeats to a log, printing each record's index after its append returns.",
            shouldDisplay: false
        )

        @Argument(help: "The log directory.")
        var directory: String

        @Option(help: "How many records to append.")
        var count = 1_000_000

        @Option(help: "always, group or never.")
        var durability = "group"

        func run() throws {
            guard let durability = Durability(name: durability) else {
                throw ValidationError("--durability must be always, group or never")
            }
            let writer = try EventLogWriter(
                directory: directory,
                configuration: EventLogConfiguration(durability: durability),
                logger: Logger(label: "ooda.log")
            )
            var sequencer = EnvelopeSequencer(source: "append-test", epoch: 1)
            for number in 0..<UInt64(max(0, count)) {
                let envelope = sequencer.stamp(.heartbeat(Heartbeat(messagesOut: number)), timeNanos: Int64(number))
                print(try writer.append(envelope).index)
                fflush(nil)
            }
            try writer.close()
        }
    }
}
