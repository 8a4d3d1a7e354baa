import KeyForgeCore
import KeyForgeWire

extension JobConfig {
    /// The largest job document, 64 KiB: a config is a few hundred bytes (`examples/job-corne.json`), and
    /// even a corpus mix and a rubric spelled out in full stay far below this.
    static let maxDocumentBytes = 64 << 10
    /// The longest string in a job document, 4 KiB: its strings are names, ids and paths.
    static let maxStringBytes = 4 << 10
    /// The limits job documents are parsed with: small and shallow.
    public static let jsonLimits = JSONLimits(maxDepth: 8, maxInputBytes: maxDocumentBytes, maxStringBytes: maxStringBytes)

    /// Reads a job config document (`examples/job-corne.json` shows every field); unknown fields are errors.
    public init(json bytes: [UInt8], source: String = "job config") throws(InputError) {
        let value: JSONValue
        do { value = try JSONParser.parse(bytes, limits: Self.jsonLimits) } catch { throw .malformedJSON(source, error) }
        do { try self.init(value) } catch { throw .invalid(source, error) }
    }

    /// Reads a job config from a parsed JSON value.
    public init(_ value: JSONValue) throws(ValidationError) {
        let root = try JSONFields(value)
        try root.rejectUnknown(["keyboard", "corpora", "rubric", "start_layout", "search", "pinned", "budget", "priority"])
        var corpora: [CorpusWeight] = []
        if root.object["corpora"] != nil {
            for (index, item) in try root.array("corpora").enumerated() {
                let corpus = try JSONFields(item, path: "corpora[\(index)]")
                try corpus.rejectUnknown(["id", "weight"])
                corpora.append(CorpusWeight(id: try corpus.string("id"), weight: try corpus.optionalDouble("weight") ?? 1))
            }
        } else {
            corpora = [CorpusWeight(id: "text/en_std", weight: 1)]
        }
        var scope = SearchScope.alpha, method = SearchMethod.rounds, restarts = 4, annealShare = 0.3, seed: UInt64 = 1
        if let searchValue = root.object["search"] {
            let search = try JSONFields(searchValue, path: "search")
            try search.rejectUnknown(["scope", "method", "restarts", "anneal_share", "seed"])
            if let text = try search.optionalString("scope") {
                guard let parsed = SearchScope(rawValue: text) else { throw ValidationError(field: "search.scope", "must be alpha or all") }
                scope = parsed
            }
            if let text = try search.optionalString("method") {
                guard let parsed = SearchMethod(rawValue: text) else {
                    throw ValidationError(field: "search.method", "must be rounds or tempering")
                }
                method = parsed
            }
            restarts = try search.optionalInt("restarts") ?? restarts
            annealShare = try search.optionalDouble("anneal_share") ?? annealShare
            if let seedValue = search.object["seed"] {
                guard let number = seedValue.int64Value, number >= 0 else { throw ValidationError(field: "search.seed", "must be a whole number from 0") }
                seed = UInt64(number)
            }
        }
        var pinned: [String] = []
        if root.object["pinned"] != nil {
            for (index, item) in try root.array("pinned").enumerated() {
                if let text = item.stringValue { pinned.append(text) } else if let number = item.int64Value { pinned.append(String(number)) } else {
                    throw ValidationError(field: "pinned[\(index)]", "must be a symbol or a key index")
                }
            }
        }
        let budgetFields = try JSONFields(try root.value("budget"), path: "budget")
        try budgetFields.rejectUnknown(["units", "steps_per_unit", "seconds_per_unit"])
        var steps: Int64?
        if let value = budgetFields.object["steps_per_unit"] {
            guard let number = value.int64Value else { throw ValidationError(field: "budget.steps_per_unit", "must be a whole number") }
            steps = number
        }
        let budget = Budget(units: try budgetFields.optionalInt("units") ?? 1, stepsPerUnit: steps,
                            secondsPerUnit: try budgetFields.optionalDouble("seconds_per_unit"))
        self.init(keyboard: try root.string("keyboard"), corpora: corpora, rubric: try root.optionalString("rubric") ?? "default",
                  startLayout: try root.optionalString("start_layout") ?? "qwerty", scope: scope, pinned: pinned,
                  method: method, restarts: restarts, annealShare: annealShare, seed: seed, budget: budget, priority: try root.optionalInt("priority") ?? 0)
        try validate()
    }

    /// The config as a JSON object (every field written, in a fixed order).
    public var json: JSONValue {
        var object = JSONObject()
        object.append("keyboard", .string(keyboard))
        object.append("corpora", .array(corpora.map { corpus in
            var item = JSONObject()
            item.append("id", .string(corpus.id))
            item.append("weight", .double(corpus.weight))
            return .object(item)
        }))
        object.append("rubric", .string(rubric))
        object.append("start_layout", .string(startLayout))
        var search = JSONObject()
        search.append("scope", .string(scope.rawValue))
        search.append("method", .string(method.rawValue))
        search.append("restarts", .int(Int64(restarts)))
        search.append("anneal_share", .double(annealShare))
        search.append("seed", .int(Int64(bitPattern: seed)))
        object.append("search", .object(search))
        object.append("pinned", .array(pinned.map { .string($0) }))
        var budgetObject = JSONObject()
        budgetObject.append("units", .int(Int64(budget.units)))
        if let steps = budget.stepsPerUnit { budgetObject.append("steps_per_unit", .int(steps)) }
        if let seconds = budget.secondsPerUnit { budgetObject.append("seconds_per_unit", .double(seconds)) }
        object.append("budget", .object(budgetObject))
        object.append("priority", .int(Int64(priority)))
        return .object(object)
    }
}
