import ArgumentParser
import OODACore

extension OODA {
    struct Orient: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the orient stage: filter observations through the adaptive Kalman policy."
        )

        @OptionGroup var options: StageOptions

        func run() async throws { try await options.run(.orient) }
    }
}
