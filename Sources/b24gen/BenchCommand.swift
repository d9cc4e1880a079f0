import ArgumentParser
import B24DocModel
import B24DocParser
import Dispatch
import Foundation

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks the parser against libxml2 alone on the same files.",
        discussion: """
            Reads every *.html under --docs into memory once, then times, --repeat times each: our parse of \
            all pages (all cores) and libxml2 alone (htmlReadMemory + xmlFreeDoc on each whole file, one \
            thread). Prints medians, pages/s, MB/s, the ratio ours/libxml2 and the peak RSS.
            """
    )

    @Option(name: .long, help: "Directory of documentation pages.")
    var docs: String

    @Option(name: .long, help: "Runs per measurement; the median is reported.")
    var `repeat`: Int = 5

    func run() async throws {
        let dir = URL(filePath: docs, directoryHint: .isDirectory)
        let paths = try DocSet.list(directory: dir)
        guard !paths.isEmpty else { throw CLIError("no *.html files under \(docs)") }
        let files = try DocSet.read(directory: dir, paths: paths)
        let bytes = files.reduce(0) { $0 + $1.bytes.count }
        let runs = max(1, self.repeat)
        var ours: [Double] = []
        var plain: [Double] = []
        var pagesOut = 0
        for _ in 0..<runs {
            // Alternate so that neither side always runs on a warmer machine.
            let t0 = DispatchTime.now().uptimeNanoseconds
            let model = DocSet.parse(files)
            let t1 = DispatchTime.now().uptimeNanoseconds
            pagesOut = model.pages.count
            ours.append(Double(t1 - t0) / 1e9)
            let t2 = DispatchTime.now().uptimeNanoseconds
            LibXMLBaseline.parseAll(files)
            let t3 = DispatchTime.now().uptimeNanoseconds
            plain.append(Double(t3 - t2) / 1e9)
        }
        let o = median(ours)
        let l = median(plain)
        let mb = Double(bytes) / 1_048_576
        var usage = rusage()
        #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let rssMB = Double(usage.ru_maxrss) / 1024  // Linux: kilobytes
        #else
        getrusage(RUSAGE_SELF, &usage)
        let rssMB = Double(usage.ru_maxrss) / 1_048_576  // macOS: bytes
        #endif
        print("files: \(files.count) (\(String(format: "%.1f", mb)) MB), runs: \(runs), cores: \(ProcessInfo.processInfo.activeProcessorCount)")
        print(String(format: "ours (all cores):        median %.3f s  %.0f pages/s  %.1f MB/s  (%d pages)", o, Double(files.count) / o, mb / o, pagesOut))
        print(String(format: "libxml2 alone (1 thread): median %.3f s  %.0f pages/s  %.1f MB/s", l, Double(files.count) / l, mb / l))
        print(String(format: "ratio ours/libxml2: %.2fx", o / l))
        print(String(format: "peak RSS: %.0f MB", rssMB))
        print("runs ours:    " + ours.map { String(format: "%.3f", $0) }.joined(separator: " "))
        print("runs libxml2: " + plain.map { String(format: "%.3f", $0) }.joined(separator: " "))
    }

    func median(_ xs: [Double]) -> Double {
        let s = xs.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}
