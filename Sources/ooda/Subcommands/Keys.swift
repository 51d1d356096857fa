import ArgumentParser
import Foundation
import OODARuntime

extension OODA {
    /// `ooda keys`: the CURVE keys of a topology's bus.
    struct Keys: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make the CURVE keys that encrypt the bus and admit its subscribers.",
            subcommands: [Generate.self, List.self]
        )
    }
}

extension OODA.Keys {
    /// `ooda keys generate DIR [NAME…]`: a key pair per stage and for the tools, never replacing one.
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a CURVE key pair for each stage and for the tools, in DIR.",
            discussion: """
                Writes NAME.key_secret (mode 600: the pair) and NAME.key (the public key) for each name, in \
                ZeroMQ's certificate format (czmq's zcert, pyzmq's zmq.auth): observe, orient, decide, act and \
                client (what `ooda tap` and the launcher subscribe with) unless names are given. A name that \
                already has its secret certificate is kept, so running it again is safe. Point the topology's \
                `curve.keys` at DIR. Every NAME.key in DIR is a key the stages admit: add one (made here or by \
                pyzmq) for each other program that reads the bus or pushes metrics, and restart the stages.
                """
        )

        @Argument(help: "The keys directory (made, mode 700, if missing).")
        var directory: String

        @Argument(help: "The names to make pairs for (default: observe orient decide act client).")
        var names: [String] = []

        func validate() throws {
            for name in names where name.isEmpty || name.contains("/") || name.hasPrefix(".") {
                throw ValidationError("'\(name)' cannot name a key file; use letters, digits, '-' or '_'")
            }
        }

        func run() throws {
            let keyring = CurveKeyring(directory: directory)
            for (name, result) in try keyring.generate(names: names.isEmpty ? CurveKeyring.defaultNames : names) {
                switch result {
                case .made(let publicKey): print("made \(name): public key \(publicKey)")
                case .kept(let publicKey): print("kept \(name): public key \(publicKey)")
                }
            }
            print("keys in \(directory); set `curve: {keys: \(directory)}` in the topology")
        }
    }
}

extension OODA.Keys {
    /// `ooda keys list DIR`: who can run as whom, and who is admitted.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Show the keys in DIR: each name's public key, whether its secret is here, whether it is admitted.",
            discussion: """
                A stage whose topology points at DIR admits every name whose public certificate (NAME.key) is in \
                DIR; it can run as a name whose secret certificate (NAME.key_secret) is in DIR.
                """
        )

        @Argument(help: "The keys directory.")
        var directory: String

        func run() throws {
            let keyring = CurveKeyring(directory: directory)
            let entries = try keyring.entries()
            guard !entries.isEmpty else {
                print("no keys in \(directory); make them with `ooda keys generate \(directory)`")
                return
            }
            let width = max(4, entries.map(\.name.count).max() ?? 0)
            print(
                "NAME".padding(toLength: width, withPad: " ", startingAt: 0)
                    + "  PUBLIC KEY                                SECRET  ADMITTED"
            )
            for entry in entries {
                print(
                    entry.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  \(entry.publicKey)  "
                        + (entry.hasSecret ? "here  " : "-     ") + "  " + (entry.admitted ? "yes" : "no")
                )
                if entry.hasSecret, let exposure = keyring.exposure(of: entry.name) { print("  warning: \(exposure)") }
            }
        }
    }
}
