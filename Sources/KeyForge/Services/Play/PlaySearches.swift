import KeyForgeAdapters
import KeyForgeCore
import KeyForgeSystem
import KeyForgeWire

/// The playground's Improve button: searches run on the server from the page's layout with its pins,
/// their progress told over Server-Sent Events (`progress` about four times a second with steps/s and the
/// best score, `best` with the best layout whenever it improves, `done` with its exact report).
///
/// A search runs in segments of at most a second, each an anneal from the best layout so far (one
/// replica, one restart), so the best layout can be shown as it improves without reaching into the
/// annealer; the scores shown are the optimized tier's, checked against the exact tier at the end.
package final class PlaySearches: @unchecked Sendable {
    /// At most this many searches run at once; another start is 503.
    package static let maxRunning = 2
    /// Finished searches kept for late subscribers.
    package static let maxKept = 16
    /// The longest search a page may ask for, in seconds.
    package static let maxSeconds = 600.0

    final class Search: @unchecked Sendable {
        let id: String
        let stop = Locked(false)
        let state = Locked<(history: [(event: String, data: String)], streams: [ServerSentEventStream], finished: Bool)>(([], [], false))
        init(id: String) { self.id = id }

        func publish(_ event: String, _ data: JSONValue) {
            let text = JSONWriter.write(data)
            let streams = state.withLock { state -> [ServerSentEventStream] in
                state.history.append((event, text))
                return state.streams
            }
            for stream in streams { stream.send(event: event, data: text) }
        }

        func finish() {
            let streams = state.withLock { state -> [ServerSentEventStream] in
                state.finished = true
                return state.streams
            }
            for stream in streams { stream.finish() }
        }
    }

    private let searches = Locked<[Search]>([])
    private let running = Locked(0)
    private let counter = Locked<UInt64>(0)

    package init() {}

    /// Starts a search of `seconds` from `start` moving `movable`; returns its id, or nil when too many run.
    package func start(entry: PlayAssets.Entry, start: Layout, movable: [Int], seconds: Double, seed: UInt64) -> String? {
        let admitted = running.withLock { count -> Bool in
            guard count < Self.maxRunning else { return false }
            count += 1
            return true
        }
        guard admitted else { return nil }
        let number = counter.withLock { value -> UInt64 in value += 1; return value }
        let search = Search(id: "s\(number)-\(String(seed, radix: 16))")
        searches.withLock { list in
            list.append(search)
            let finished = list.filter { $0.state.withLock { $0.finished } }
            if finished.count > Self.maxKept, let oldest = finished.first { list.removeAll { $0 === oldest } }
        }
        do {
            let thread = try SystemThread(name: "kf-play-search") { [self] in
                run(search, entry: entry, start: start, movable: movable, seconds: seconds, seed: seed)
                running.withLock { $0 -= 1 }
            }
            _ = thread
        } catch {
            running.withLock { $0 -= 1 }
            search.publish("failure", .object(JSONObject([("error", .string("cannot start a thread: \(error)"))])))
            search.finish()
        }
        return search.id
    }

    /// The event stream of search `id` (its history first), or nil for an unknown id.
    package func events(_ id: String) -> ServerSentEventStream? {
        guard let search = searches.withLock({ $0.first { $0.id == id } }) else { return nil }
        let stream = ServerSentEventStream(onCancel: { [weak search] in
            search?.state.withLock { state in state.streams.removeAll { $0.isClosed } }
        })
        let (history, finished) = search.state.withLock { state -> ([(event: String, data: String)], Bool) in
            if !state.finished { state.streams.append(stream) }
            return (state.history, state.finished)
        }
        stream.sendComment("search \(id)")
        for item in history { stream.send(event: item.event, data: item.data) }
        if finished { stream.finish() }
        return stream
    }

    /// Asks search `id` to stop; false for an unknown id.
    package func stop(_ id: String) -> Bool {
        guard let search = searches.withLock({ $0.first { $0.id == id } }) else { return false }
        search.stop.withLock { $0 = true }
        return true
    }

    /// Stops every search and ends every stream (server shutdown).
    package func stopAll() {
        for search in searches.withLock({ $0 }) {
            search.stop.withLock { $0 = true }
            search.finish()
        }
    }

    private func run(_ search: Search, entry: PlayAssets.Entry, start: Layout, movable: [Int], seconds: Double, seed: UInt64) {
        let clock = ContinuousClock()
        let began = clock.now
        let startScore = entry.loaded.scorer.score(start).total
        var best = start, bestScore = startScore
        var segment = 0
        var stepsBefore: Int64 = 0
        let stopped: @Sendable () -> Bool = { search.stop.withLock { $0 } }
        search.publish("best", bestEvent(best, score: bestScore, elapsed: 0, steps: 0))
        while !stopped() {
            let elapsed = SearchRunner.elapsed(since: began, clock: clock)
            let left = seconds - elapsed
            if left < 0.05 { break }
            let parameters = SearchParameters(stepsPerReplica: Int64.max / 4, seed: seed &+ UInt64(segment), movableKeys: movable, restarts: 1)
            let done = stepsBefore
            let shownBest = bestScore
            let runner = SearchRunner(scorer: entry.optimized, parameters: parameters, threads: 1, seconds: min(1.0, left), quiet: true,
                                      label: "play", shouldStop: stopped) { steps in
                let now = SearchRunner.elapsed(since: began, clock: clock)
                var object = JSONObject()
                object.append("elapsed", ReportJSON.number(now))
                object.append("steps", .int(done + steps))
                object.append("steps_per_second", ReportJSON.number(now > 0 ? Double(done + steps) / now : 0))
                object.append("best_score", ReportJSON.number(FixedPoint.toDouble(shownBest)))
                search.publish("progress", .object(object))
            }
            let outcome: SearchRunner.Outcome
            do { outcome = try runner.run(start: best) } catch {
                search.publish("failure", .object(JSONObject([("error", .string("\(error)"))])))
                break
            }
            stepsBefore += outcome.replicas.reduce(0) { $0 + $1.steps }
            segment += 1
            if outcome.best.score.total < bestScore {
                best = outcome.best.layout
                bestScore = outcome.best.score.total
                search.publish("best", bestEvent(best, score: bestScore, elapsed: SearchRunner.elapsed(since: began, clock: clock), steps: stepsBefore))
            }
        }
        let report = entry.loaded.scorer.analyze(best)
        var done = JSONObject()
        done.append("layout", .string(best.tokenString))
        done.append("start_score", ReportJSON.number(FixedPoint.toDouble(startScore)))
        done.append("steps", .int(stepsBefore))
        done.append("seconds", ReportJSON.number(SearchRunner.elapsed(since: began, clock: clock)))
        done.append("stopped", .bool(stopped()))
        if let layers = LayoutExtrasJSON.encodeLayers(best) { done.append("layers", layers) }
        if let magic = LayoutExtrasJSON.encodeMagic(best) { done.append("magic", magic) }
        done.append("report", ReportJSON.encodeWithExtras(report, context: entry.loaded.context("improved", best)))
        search.publish("done", .object(done))
        search.finish()
    }

    private func bestEvent(_ layout: Layout, score: Int64, elapsed: Double, steps: Int64) -> JSONValue {
        var object = JSONObject()
        object.append("layout", .string(layout.tokenString))
        if let layers = LayoutExtrasJSON.encodeLayers(layout) { object.append("layers", layers) }
        if let magic = LayoutExtrasJSON.encodeMagic(layout) { object.append("magic", magic) }
        object.append("score", ReportJSON.number(FixedPoint.toDouble(score)))
        object.append("elapsed", ReportJSON.number(elapsed))
        object.append("steps", .int(steps))
        return .object(object)
    }
}
