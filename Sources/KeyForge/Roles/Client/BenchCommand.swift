import KeyForgeSystem
import ArgumentParser
import Dispatch
import KeyForgeCore
import KeyForgeWire
import KeyForgeServices

/// `keyforge bench`: the standard workload's speeds, on one core and then on all of them.
///
/// The workload is fixed so numbers compare across machines: corne, the default corpus, the default
/// rubric (trigram coverage 0.99), starting from qwerty; swaps are drawn with a fixed seed from the 30
/// alpha keys. Each measurement runs for its share of `--seconds` in batches and divides work by time.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure exact and optimized evaluations, delta swaps and annealing steps per second."
    )

    @Option(help: "Seconds for each measurement.")
    var seconds: Double = 2

    @Option(help: "Threads for the all-cores pass (default: all cores).")
    var threads: Int?

    @Flag(help: "Print the numbers as JSON.")
    var json = false

    func validate() throws {
        guard seconds > 0 && seconds <= 600 else { throw ArgumentParser.ValidationError("--seconds must be above 0 and at most 600") }
        if let threads, !(1...256).contains(threads) { throw ArgumentParser.ValidationError("--threads must be 1 ... 256") }
    }

    func run() throws {
        let catalog = try AssetCatalog()
        let keyboard = try catalog.keyboard("corne")
        let corpus = try catalog.corpus("text/en_std")
        let exact = try ExactScorer(keyboard: keyboard, rubric: try catalog.rubric("default"), corpus: corpus)
        let optimized = OptimizedScorer(exact: exact)
        let (_, start) = try LayoutArgument.resolve("qwerty", keyboard: keyboard, keycodes: catalog.keycodes)
        let cores = threads ?? SearchRunner.coreCount
        if !json {
            print("workload: corne, \(corpus.id), default rubric: \(corpus.unigrams.count) monograms, \(corpus.bigrams.count) bigrams, "
                  + "\(exact.corpus.trigrams.count) of \(corpus.trigrams.count) trigrams (coverage 0.99)")
        }
        let single = try Benchmark.measure(exact: exact, optimized: optimized, start: start, movable: keyboard.alphaKeys,
                                              seconds: seconds, seed: 1)
        if !json { print(table("1 thread", single)) }
        let shared = Locked(Benchmark.Rates())
        let failure = Locked<String?>(nil)
        DispatchQueue.concurrentPerform(iterations: cores) { thread in
            do {
                let rates = try Benchmark.measure(exact: exact, optimized: optimized, start: start, movable: keyboard.alphaKeys,
                                                     seconds: seconds, seed: UInt64(thread + 1))
                shared.withLock { $0 = $0 + rates }
            } catch {
                failure.withLock { $0 = "\(error)" }
            }
        }
        if let message = failure.withLock({ $0 }) { throw InputError(.invalid, source: "bench", message) }
        let all = shared.withLock { $0 }
        let ratio = single.exactFull > 0 ? single.deltaSwap / single.exactFull : 0
        if json {
            var object = JSONObject()
            object.append("keyboard", .string("corne"))
            object.append("corpus", .string(corpus.id))
            object.append("ngrams", .object(JSONObject([("unigrams", .int(Int64(corpus.unigrams.count))), ("bigrams", .int(Int64(corpus.bigrams.count))),
                                                        ("trigrams", .int(Int64(exact.corpus.trigrams.count)))])))
            object.append("single_thread", ratesJSON(single))
            object.append("threads", .int(Int64(cores)))
            object.append("all_threads", ratesJSON(all))
            object.append("delta_over_exact_full", ReportJSON.number(ratio))
            print(JSONWriter.write(.object(object), pretty: true))
        } else {
            print(table("\(cores) threads", all))
            print("delta swap / exact full evaluation: \(ReportText.fixed(ratio, digits: 0))x (does not depend on the machine)")
        }
    }

    private func ratesJSON(_ rates: Benchmark.Rates) -> JSONValue {
        .object(JSONObject([("exact_full_per_second", ReportJSON.number(rates.exactFull)),
                            ("optimized_full_per_second", ReportJSON.number(rates.optimizedFull)),
                            ("delta_swap_per_second", ReportJSON.number(rates.deltaSwap)),
                            ("anneal_step_per_second", ReportJSON.number(rates.annealStep))]))
    }

    private func table(_ title: String, _ rates: Benchmark.Rates) -> String {
        func per(_ rate: Double) -> String {
            rate >= 1_000_000 ? "\(ReportText.fixed(rate / 1_000_000, digits: 2)) M/s" : "\(ReportText.fixed(rate / 1000, digits: 1)) k/s"
        }
        func micro(_ rate: Double) -> String { rate > 0 ? "\(ReportText.fixed(1_000_000 / rate, digits: 3)) µs" : "-" }
        return """
        \(title):
          exact full evaluation      \(ReportText.padLeft(per(rates.exactFull), 12))  \(micro(rates.exactFull)) each
          optimized full evaluation  \(ReportText.padLeft(per(rates.optimizedFull), 12))  \(micro(rates.optimizedFull)) each
          delta swap evaluation      \(ReportText.padLeft(per(rates.deltaSwap), 12))  \(micro(rates.deltaSwap)) each
          annealing step             \(ReportText.padLeft(per(rates.annealStep), 12))  \(micro(rates.annealStep)) each
        """
    }
}
