import ArgumentParser
import B24GenCommands
import B24DocModel
import B24DocParser
import B24Generator
import Dispatch
import Foundation

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks the parser (--docs) or the generator (--model).",
        discussion: """
            With --docs: reads every *.html under DIR into memory once, then times, --repeat times each: our \
            parse of all pages (all cores) and libxml2 alone (htmlReadMemory + xmlFreeDoc on each whole file, \
            one thread). Prints medians, pages/s, MB/s, the ratio ours/libxml2 and the peak RSS.

            With --model: reads the model file (as written by `b24gen parse`) into memory once, then times, \
            --repeat times: decoding it, the view model, and model → Swift (view model and rendering of every \
            file, in memory; nothing is written). Prints medians, the peak RSS, and fails when two runs \
            render different output.
            """
    )

    @Option(name: .long, help: "Directory of documentation pages (benchmarks the parser).")
    var docs: String?

    @Option(name: .long, help: "A model JSON file written by `b24gen parse` (benchmarks the generator).")
    var model: String?

    @Option(name: .long, help: "Runs per measurement; the median is reported.")
    var `repeat`: Int = 5

    func validate() throws {
        guard (docs == nil) != (model == nil) else {
            throw ValidationError("give either --docs (parser) or --model (generator)")
        }
    }

    func run() async throws {
        if let model {
            try benchGenerator(model: model)
        } else if let docs {
            try benchParser(docs: docs)
        }
    }

    func benchGenerator(model path: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let runs = max(1, self.repeat)
        let generator = Generator()
        var decode: [Double] = []
        var viewModel: [Double] = []
        var toSwift: [Double] = []
        var toSwiftCPU: [Double] = []
        var first: [GeneratedFile]?
        var pages = 0
        for run in 0..<runs {
            let t0 = DispatchTime.now().uptimeNanoseconds
            let model = try DocModel.decode(from: data)
            let t1 = DispatchTime.now().uptimeNanoseconds
            _ = generator.viewModel(for: model)
            let t2 = DispatchTime.now().uptimeNanoseconds
            let c0 = cpuSeconds()
            let output = try generator.generate(model)
            let t3 = DispatchTime.now().uptimeNanoseconds
            let c1 = cpuSeconds()
            decode.append(Double(t1 - t0) / 1e9)
            viewModel.append(Double(t2 - t1) / 1e9)
            toSwift.append(Double(t3 - t2) / 1e9)
            toSwiftCPU.append(c1 - c0)
            pages = model.pages.count
            if let first {
                guard first == output.files else { throw CLIError("run \(run + 1) rendered different output than run 1") }
            } else {
                first = output.files
            }
        }
        let files = first ?? []
        let lines = files.reduce(0) { $0 + $1.lineCount }
        let decodeMedian = median(decode)
        let toSwiftMedian = median(toSwift)
        print("model: \(pages) pages (\(String(format: "%.1f", Double(data.count) / 1_048_576)) MB of JSON) → \(files.count) files, \(lines) lines; runs: \(runs), cores: \(ProcessInfo.processInfo.activeProcessorCount)")
        print(String(format: "decode model JSON:            median %.3f s", decodeMedian))
        print(String(format: "view model alone:             median %.3f s", median(viewModel)))
        print(String(format: "model → Swift (view model + rendering): median %.3f s  (CPU %.3f s)", toSwiftMedian, median(toSwiftCPU)))
        print(String(format: "model JSON → Swift (decode + the above): median %.3f s", median(zip(decode, toSwift).map { $0 + $1 })))
        print(String(format: "peak RSS: %.0f MB", peakRSSMegabytes()))
        print("runs model → Swift: " + toSwift.map { String(format: "%.3f", $0) }.joined(separator: " "))
        print("runs decode:        " + decode.map { String(format: "%.3f", $0) }.joined(separator: " "))
        print("output identical in all runs")
    }

    func benchParser(docs: String) throws {
        let dir = URL(filePath: docs, directoryHint: .isDirectory)
        let listing = try DocSet.scan(directory: dir)
        guard !listing.paths.isEmpty else { throw CLIError("no *.html files under \(docs)") }
        let files = DocSet.read(listing).files
        let bytes = files.reduce(0) { $0 + $1.bytes.count }
        let runs = max(1, self.repeat)
        var ours: [Double] = []
        var plain: [Double] = []
        var oursCPU: [Double] = []
        var plainCPU: [Double] = []
        var pagesOut = 0
        for _ in 0..<runs {
            // Alternate so that neither side always runs on a warmer machine.
            let c0 = cpuSeconds()
            let t0 = DispatchTime.now().uptimeNanoseconds
            let model = DocSet.parse(files)
            let t1 = DispatchTime.now().uptimeNanoseconds
            let c1 = cpuSeconds()
            pagesOut = model.pages.count
            ours.append(Double(t1 - t0) / 1e9)
            oursCPU.append(c1 - c0)
            let t2 = DispatchTime.now().uptimeNanoseconds
            LibXMLBaseline.parseAll(files)
            let t3 = DispatchTime.now().uptimeNanoseconds
            let c2 = cpuSeconds()
            plain.append(Double(t3 - t2) / 1e9)
            plainCPU.append(c2 - c1)
        }
        let o = median(ours)
        let l = median(plain)
        let mb = Double(bytes) / 1_048_576
        let rssMB = peakRSSMegabytes()
        print("files: \(files.count) (\(String(format: "%.1f", mb)) MB), runs: \(runs), cores: \(ProcessInfo.processInfo.activeProcessorCount)")
        print(String(format: "ours (all cores):        median %.3f s  %.0f pages/s  %.1f MB/s  (%d pages)", o, Double(files.count) / o, mb / o, pagesOut))
        print(String(format: "libxml2 alone (1 thread): median %.3f s  %.0f pages/s  %.1f MB/s", l, Double(files.count) / l, mb / l))
        print(String(format: "ratio ours/libxml2 (wall): %.2fx", o / l))
        print(String(format: "CPU time (user+sys, all threads): ours %.3f s, libxml2 %.3f s, ratio %.2fx",
                     median(oursCPU), median(plainCPU), median(oursCPU) / median(plainCPU)))
        print(String(format: "peak RSS: %.0f MB", rssMB))
        print("runs ours:    " + ours.map { String(format: "%.3f", $0) }.joined(separator: " "))
        print("runs libxml2: " + plain.map { String(format: "%.3f", $0) }.joined(separator: " "))
    }

    /// The process's peak resident set size so far.
    func peakRSSMegabytes() -> Double {
        var usage = rusage()
        #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024  // Linux: kilobytes
        #else
        getrusage(RUSAGE_SELF, &usage)
        return Double(usage.ru_maxrss) / 1_048_576  // macOS: bytes
        #endif
    }

    /// User + system CPU seconds of this process so far (all threads).
    func cpuSeconds() -> Double {
        var u = rusage()
        #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &u)
        #else
        getrusage(RUSAGE_SELF, &u)
        #endif
        return Double(u.ru_utime.tv_sec) + Double(u.ru_utime.tv_usec) / 1e6 + Double(u.ru_stime.tv_sec) + Double(u.ru_stime.tv_usec) / 1e6
    }

    func median(_ xs: [Double]) -> Double {
        let s = xs.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}
