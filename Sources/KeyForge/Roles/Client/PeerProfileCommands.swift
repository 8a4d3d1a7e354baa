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
        let run = PeerSearchRun(time: time, steps: steps.map { Int($0) })
        // keygen's own law starts at T0 = 1.5, where a move changes `scaled` by about 0.01: half of each of its anneals is
        // a random walk. Shorter, cooler anneals (T0 = 0.01, 1 000 steps; chosen on books.short against 0.02/3 000,
        // 0.005/2 000, 0.003/4 000 and 0.01/1 500) reach its figures sooner (docs/PROFILES.md 7.1).
        let result = Keygen.search(start: start, evaluator: evaluator, seed: seed, stepsPerAnneal: 1_000, startTemperature: 0.01,
                                   onImprovement: run.improved, shouldStop: run.shouldStop)
        let penalty = Keygen.penalty(result.best, text: text)
        let startFigure = evaluator.scaled(start)
        let summary = run.summary(start: name, figureKey: "start_scaled_penalty", startFigure: startFigure, seed: seed,
                                  evaluations: result.evaluations, anneals: result.anneals)
        let document = KeygenProfile.json(name: "search", layout: result.best, penalty: penalty, text: text, corpus: assets.corpus, search: summary)
        try finishPeerSearch(document, report: KeygenProfile.text(name: "search", layout: result.best, penalty: penalty, corpus: assets.corpus),
                             closing: run.closingLine(evaluations: result.evaluations, anneals: result.anneals, seed: seed,
                                                      start: name, startFigure: "\(startFigure)"))
    }

    /// Writes a peer search's JSON document to `--out` and prints it (`--json`) or the text report and its closing line.
    private func finishPeerSearch(_ document: JSONValue, report: String, closing: String) throws {
        let rendered = JSONWriter.write(document, pretty: true) + "\n"
        if let out { try OutputFile.write(out, Array(rendered.utf8)) }
        if json {
            print(rendered, terminator: "")
            return
        }
        print(report)
        print("")
        print(closing)
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
        let run = PeerSearchRun(time: time, steps: steps.map { Int($0) })
        let result = Carpalx.search(start: start, evaluator: evaluator, seed: seed, onImprovement: run.improved, shouldStop: run.shouldStop)
        let effort = Carpalx.effort(result.best, triads: triads)
        let startFigure = evaluator.effort(start)
        let summary = run.summary(start: name, figureKey: "start_effort", startFigure: startFigure, seed: seed,
                                  evaluations: result.evaluations, anneals: result.anneals)
        let document = CarpalxProfile.json(name: "search", layout: result.best, effort: effort, triads: triads, corpus: assets.corpus, search: summary)
        try finishPeerSearch(document, report: CarpalxProfile.text(name: "search", layout: result.best, effort: effort, corpus: assets.corpus),
                             closing: run.closingLine(evaluations: result.evaluations, anneals: result.anneals, seed: seed,
                                                      start: name, startFigure: ReportText.fixed(startFigure, digits: 3)))
    }
}
