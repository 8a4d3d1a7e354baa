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
/// The delta/exact ratio is measured interleaved (10 ms batches of each in turn) and shown with its spread,
/// since two rates timed apart move with the machine's load. The all-threads pass reports the load average
/// and the CPU other processes used meanwhile, and gives no scaling figure when they used over a quarter core.
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
        let rubric = try catalog.rubric("default")
        let exact = try ExactScorer(keyboard: keyboard, rubric: rubric, corpus: corpus)
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
        let ratio = try Benchmark.interleavedRatio(exact: exact, optimized: optimized, start: start, movable: keyboard.alphaKeys,
                                                   seconds: seconds, seed: 1)
        if !json {
            print("delta swap / exact full evaluation, interleaved: \(ReportText.fixed(ratio.median, digits: 0))x median"
                  + " (10th-90th percentile \(ReportText.fixed(ratio.low, digits: 0))x-\(ReportText.fixed(ratio.high, digits: 0))x"
                  + " over \(ratio.pairs) pairs of 10 ms batches)")
        }
        let shared = Locked(Benchmark.Rates())
        let failure = Locked<String?>(nil)
        let loadBefore = SystemInfo.loadAverages()
        let machineBefore = SystemInfo.machineBusySeconds(), ownBefore = SystemInfo.processCPUSeconds()
        let clock = ContinuousClock()
        let began = clock.now
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
        let wall = ProgressLine.seconds(clock.now - began)
        let all = shared.withLock { $0 }
        // Other processes' CPU during the pass, in cores: the machine's busy time less ours, over the wall time.
        var others: Double? = nil
        if let machineBefore, let machineAfter = SystemInfo.machineBusySeconds(), wall > 0 {
            others = max(0, (machineAfter - machineBefore) - (SystemInfo.processCPUSeconds() - ownBefore)) / wall
        }
        let loadAfter = SystemInfo.loadAverages()
        let scaling = single.annealStep > 0 ? all.annealStep / single.annealStep : 0
        // A scaling figure needs the cores to ourselves: refuse it when others used more than a quarter core.
        let tooBusy = others.map { $0 > 0.25 } ?? true
        if json {
            var object = JSONObject()
            object.append("keyboard", .string("corne"))
            object.append("corpus", .string(corpus.id))
            object.append("ngrams", .object(JSONObject([("unigrams", .int(Int64(corpus.unigrams.count))), ("bigrams", .int(Int64(corpus.bigrams.count))),
                                                        ("trigrams", .int(Int64(exact.corpus.trigrams.count)))])))
            let keptMass = exact.corpus.trigrams.reduce(Int64(0)) { $0 + $1.count }, totalMass = corpus.totalTrigrams
            object.append("trigrams", .object(JSONObject([
                ("distinct", .int(Int64(corpus.trigrams.count))), ("kept", .int(Int64(exact.corpus.trigrams.count))),
                ("total_count", .int(totalMass)), ("kept_count", .int(keptMass)),
                ("coverage_target", ReportJSON.number(rubric["trigram_coverage"])),
                ("coverage", ReportJSON.number(totalMass > 0 ? Double(keptMass) / Double(totalMass) : 0))])))
            object.append("single_thread", ratesJSON(single))
            object.append("threads", .int(Int64(cores)))
            object.append("all_threads", ratesJSON(all))
            object.append("delta_over_exact_full", .object(JSONObject([
                ("median", ReportJSON.number(ratio.median)), ("p10", ReportJSON.number(ratio.low)),
                ("p90", ReportJSON.number(ratio.high)), ("pairs", .int(Int64(ratio.pairs)))])))
            var load = JSONObject()
            if let loadBefore { load.append("load_average_before", ReportJSON.number(loadBefore.one)) }
            if let loadAfter { load.append("load_average_after", ReportJSON.number(loadAfter.one)) }
            load.append("other_processes_cores", others.map { ReportJSON.number($0) } ?? .null)
            load.append("too_busy_for_scaling", .bool(tooBusy))
            load.append("anneal_scaling", tooBusy ? .null : ReportJSON.number(scaling))
            object.append("all_threads_conditions", .object(load))
            print(JSONWriter.write(.object(object), pretty: true))
        } else {
            print(table("\(cores) threads", all))
            func loadText(_ value: (one: Double, five: Double, fifteen: Double)?) -> String {
                value.map { "\(ReportText.fixed($0.one, digits: 2)) / \(ReportText.fixed($0.five, digits: 2)) / \(ReportText.fixed($0.fifteen, digits: 2))" } ?? "unknown"
            }
            print("  load average (1 / 5 / 15 min) before \(loadText(loadBefore)), after \(loadText(loadAfter)); other processes used "
                  + (others.map { "\(ReportText.fixed($0, digits: 2)) cores" } ?? "an unknown share") + " during the pass")
            if tooBusy {
                print("  the machine was too busy for a scaling figure (other processes above 0.25 cores); run again on a quiet machine")
            } else {
                print("  annealing scaling: \(ReportText.fixed(scaling, digits: 2))x on \(cores) threads")
            }
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
