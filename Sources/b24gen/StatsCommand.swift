import ArgumentParser

struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "Prints statistics about a documentation set.")

    func run() async throws {
        throw CLIError("`stats` is not implemented yet")
    }
}
