import ArgumentParser

/// The `ooda` command: the four stages, the launcher, and the tools to watch, replay and audit the loop.
@main
struct OODA: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ooda",
        abstract: "An autonomous operations controller: observe, orient, decide, act.",
        discussion: """
            Start with `ooda launch` (the whole loop on this machine), watch it with `ooda tap`, and read what it \
            did with `ooda log cat`, `ooda audit --last` and `ooda replay`.
            """,
        version: OODAVersion.current,
        subcommands: [
            Launch.self, Observe.self, Orient.self, Decide.self, Act.self, Tap.self, Publish.self, Log.self,
            Audit.self, Replay.self, Keys.self,
        ]
    )
}
