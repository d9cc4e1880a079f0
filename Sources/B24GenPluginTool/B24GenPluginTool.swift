import ArgumentParser
import B24GenCommands

/// The tool the plugins run: `b24gen` with only `generate` and `check`, so that a package using the build plugin
/// compiles the parser and the generator but not the scraper (libcurl), the diff or the benchmarks.
@main
struct B24GenPluginTool: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "b24gen",
        abstract: "Turns Bitrix24 documentation pages into a typed Swift client (the plugins' tool).",
        subcommands: [GenerateCommand.self, CheckCommand.self]
    )
}
