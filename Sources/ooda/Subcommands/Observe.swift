import ArgumentParser
import OODACore

extension OODA {
    struct Observe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the observe stage: sample the sources at an interval and publish observations."
        )

        @OptionGroup var options: StageOptions

        func run() async throws { try await options.run(.observe) }
    }
}
