import ArgumentParser
import B24GenCommands

/// `b24gen`: the Bitrix24 documentation → Swift client generator.
@main
struct B24Gen: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "b24gen",
        abstract: "Turns the Bitrix24 REST documentation into a typed Swift client.",
        subcommands: [
            ParseCommand.self, StatsCommand.self, BenchCommand.self,
            GenerateCommand.self, CheckCommand.self, ScrapeCommand.self, DiffCommand.self, DistillCommand.self,
        ]
    )
}
