import ArgumentParser
import OODACore
import OODARuntime

extension OODA {
    struct Audit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Explain one decision: its observations, orientation, reasoning, guard rails and outcome.",
            aliases: ["explain"]
        )

        @Argument(help: "The decision's id, e.g. decide-1732412345678901-decision-42.")
        var decisionID: String?

        @Flag(help: "Explain the last decision.")
        var last = false

        @Flag(help: "Explain the last decision that was not noop.")
        var lastAction = false

        @Flag(help: "Print the trail as one JSON object of envelopes.")
        var json = false

        @OptionGroup var location: EventsLocation

        func validate() throws {
            let chosen = [decisionID != nil, last, lastAction].filter { $0 }.count
            guard chosen == 1 else {
                throw ValidationError("give exactly one of a DECISION-ID, --last or --last-action")
            }
        }

        func run() throws {
            let selector: DecisionTrail.Selector =
                if let decisionID { .id(EventID(rawValue: decisionID)) } else if last { .last } else { .lastAction }
            let trail = try DecisionTrail.read(selector, eventsDirectory: try location.directory())
            print(json ? trail.json : trail.text)
        }
    }
}
