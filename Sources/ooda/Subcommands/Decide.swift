import ArgumentParser
import OODACore

extension OODA {
    struct Decide: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the decide stage: turn orientations into decisions behind the guard rails."
        )

        @OptionGroup var options: StageOptions

        func run() async throws { try await options.run(.decide) }
    }
}
