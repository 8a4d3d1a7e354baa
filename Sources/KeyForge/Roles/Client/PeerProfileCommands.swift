import ArgumentParser
import KeyForgeCore
import KeyForgeWire
import KeyForgeServices

/// The peers' profiles (docs/PROFILES.md): `--profile keygen` and `--profile carpalx` on `analyze` and `search`. They read a raw text
/// (`--corpus FILE.txt`) and use their own board, so they bypass the catalog's corpora and scorer.
enum PeerProfiles {
    /// The profiles these commands handle themselves.
    static let names = [Keygen.name, Carpalx.name]
}

extension AnalyzeCommand {
    /// `analyze --profile keygen`: keygen's penalty of one layout.
    func runKeygen() throws {
        try KeygenProfile.checkKeyboard(assets.keyboard)
        let (name, parsed) = try KeygenProfile.layout(layout)
        let text = try KeygenProfile.loadText(assets.corpus)
        let penalty = Keygen.penalty(parsed, text: text)
        if json {
            print(JSONWriter.write(KeygenProfile.json(name: name, layout: parsed, penalty: penalty, text: text, corpus: assets.corpus), pretty: true))
        } else {
            print(KeygenProfile.text(name: name, layout: parsed, penalty: penalty, corpus: assets.corpus))
        }
    }
}

extension SearchCommand {
    /// `search --profile keygen`: minimises keygen's `scaled` penalty (`Keygen.search`), one thread, by the clock
    /// (`--time`, default 60 s) or for a number of anneals-worth of moves (`--steps`, deterministic with `--seed`).
    func runKeygen() throws {
        if let out { try OutputFile.check(out, option: "--out") }
        try KeygenProfile.checkKeyboard(assets.keyboard)
        let (name, start) = try KeygenProfile.layout(layout)
        let text = try KeygenProfile.loadText(assets.corpus)
        let evaluator = Keygen.Evaluator(text: text)
        let seed = self.seed ?? SearchRunner.clockSeed()
        let clock = ContinuousClock()
        let began = clock.now
        let budget = Duration.milliseconds(Int64((time ?? 60) * 1000))
        let stepLimit = steps.map { Int($0) }
        let cpuStart = ProcessCPUTime.seconds()
        var trace: [(seconds: Double, cpu: Double, scaled: Double)] = []
        // keygen's own law starts at T0 = 1.5, where a move changes `scaled` by about 0.01: half of each of its anneals is
        // a random walk. Shorter, cooler anneals (T0 = 0.01, 1 000 steps; chosen on books.short against 0.02/3 000,
        // 0.005/2 000, 0.003/4 000 and 0.01/1 500) reach its figures sooner (docs/PROFILES.md 7.1).
        let result = Keygen.search(start: start, evaluator: evaluator, seed: seed, stepsPerAnneal: 1_000,
                                   startTemperature: 0.01, onImprovement: { scaled in
            trace.append((PeerProfiles.seconds(clock.now - began), ProcessCPUTime.seconds() - cpuStart, scaled))
        }, shouldStop: { evaluations in
            if let stepLimit { return evaluations >= stepLimit }
            return clock.now - began >= budget
        })
        let seconds = PeerProfiles.seconds(clock.now - began)
        let cpu = ProcessCPUTime.seconds() - cpuStart
        let penalty = Keygen.penalty(result.best, text: text)
        var summary = JSONObject()
        summary.append("start", .string(name))
        summary.append("start_scaled_penalty", .double(evaluator.scaled(start)))
        summary.append("seed", .int(Int64(bitPattern: seed)))
        summary.append("seconds", .double(seconds))
        summary.append("evaluations", .int(Int64(result.evaluations)))
        summary.append("anneals", .int(Int64(result.anneals)))
        summary.append("cpu_seconds", .double(cpu))
        summary.append("improvements", .array(trace.map { .array([.double($0.seconds), .double($0.cpu), .double($0.scaled)]) }))
        let document = KeygenProfile.json(name: "search", layout: result.best, penalty: penalty, text: text, corpus: assets.corpus, search: summary)
        let rendered = JSONWriter.write(document, pretty: true) + "\n"
        if let out { try OutputFile.write(out, Array(rendered.utf8)) }
        if json {
            print(rendered, terminator: "")
            return
        }
        print(KeygenProfile.text(name: "search", layout: result.best, penalty: penalty, corpus: assets.corpus))
        print("")
        print("searched \(ReportText.fixed(seconds, digits: 1)) s, \(result.evaluations) evaluations in \(result.anneals) anneals, seed \(seed); "
              + "from \(name) at \(evaluator.scaled(start))")
        if let out { print("wrote \(out)") }
    }
}

extension AnalyzeCommand {
    /// `analyze --profile carpalx`: carpalx's effort of one layout.
    func runCarpalx() throws {
        try CarpalxProfile.checkKeyboard(assets.keyboard)
        let (name, parsed) = try CarpalxProfile.layout(layout)
        let triads = try CarpalxProfile.loadTriads(assets.corpus)
        let effort = Carpalx.effort(parsed, triads: triads)
        if json {
            print(JSONWriter.write(CarpalxProfile.json(name: name, layout: parsed, effort: effort, triads: triads, corpus: assets.corpus), pretty: true))
        } else {
            print(CarpalxProfile.text(name: name, layout: parsed, effort: effort, corpus: assets.corpus))
        }
    }
}

extension SearchCommand {
    /// `search --profile carpalx`: minimises carpalx's effort (`Carpalx.search`), one thread, by the clock (`--time`,
    /// default 60 s) or for a number of evaluations (`--steps`, deterministic with `--seed`).
    func runCarpalx() throws {
        if let out { try OutputFile.check(out, option: "--out") }
        try CarpalxProfile.checkKeyboard(assets.keyboard)
        let (name, start) = try CarpalxProfile.layout(layout)
        let triads = try CarpalxProfile.loadTriads(assets.corpus)
        let evaluator = Carpalx.Evaluator(triads: triads)
        let seed = self.seed ?? SearchRunner.clockSeed()
        let clock = ContinuousClock()
        let began = clock.now
        let budget = Duration.milliseconds(Int64((time ?? 60) * 1000))
        let stepLimit = steps.map { Int($0) }
        let cpuStart = ProcessCPUTime.seconds()
        var trace: [(seconds: Double, cpu: Double, effort: Double)] = []
        let result = Carpalx.search(start: start, evaluator: evaluator, seed: seed, onImprovement: { effort in
            trace.append((PeerProfiles.seconds(clock.now - began), ProcessCPUTime.seconds() - cpuStart, effort))
        }, shouldStop: { evaluations in
            if let stepLimit { return evaluations >= stepLimit }
            return clock.now - began >= budget
        })
        let seconds = PeerProfiles.seconds(clock.now - began)
        let cpu = ProcessCPUTime.seconds() - cpuStart
        let effort = Carpalx.effort(result.best, triads: triads)
        var summary = JSONObject()
        summary.append("start", .string(name))
        summary.append("start_effort", .double(evaluator.effort(start)))
        summary.append("seed", .int(Int64(bitPattern: seed)))
        summary.append("seconds", .double(seconds))
        summary.append("evaluations", .int(Int64(result.evaluations)))
        summary.append("anneals", .int(Int64(result.anneals)))
        summary.append("cpu_seconds", .double(cpu))
        summary.append("improvements", .array(trace.map { .array([.double($0.seconds), .double($0.cpu), .double($0.effort)]) }))
        let document = CarpalxProfile.json(name: "search", layout: result.best, effort: effort, triads: triads, corpus: assets.corpus, search: summary)
        let rendered = JSONWriter.write(document, pretty: true) + "\n"
        if let out { try OutputFile.write(out, Array(rendered.utf8)) }
        if json {
            print(rendered, terminator: "")
            return
        }
        print(CarpalxProfile.text(name: "search", layout: result.best, effort: effort, corpus: assets.corpus))
        print("")
        print("searched \(ReportText.fixed(seconds, digits: 1)) s, \(result.evaluations) evaluations in \(result.anneals) anneals, seed \(seed); "
              + "from \(name) at \(ReportText.fixed(evaluator.effort(start), digits: 3))")
        if let out { print("wrote \(out)") }
    }
}

extension PeerProfiles {
    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}
