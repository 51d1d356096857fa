import ArgumentParser

@main
struct OODA: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ooda",
        abstract: "An autonomous operations controller: observe, orient, decide, act.",
        subcommands: [Log.self]
    )
}
