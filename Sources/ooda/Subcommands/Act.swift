import ArgumentParser
import OODACore

extension OODA {
    struct Act: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the act stage: execute each decision exactly once through the actuator."
        )

        @OptionGroup var options: StageOptions

        func run() async throws { try await options.run(.act) }
    }
}
