import ArgumentParser

struct DiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "diff", abstract: "Shows what changed in the API between two documentation snapshots.")

    func run() async throws {
        throw CLIError("`diff` is not implemented yet")
    }
}
