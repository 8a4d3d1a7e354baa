import KeyForgeCore
import KeyForgeWire

/// A playground request's body, read and checked like the CLI's options: a JSON object with known
/// fields only; any mistake is an `InputError` whose text the route answers with 400.
package struct PlayRequest {
    /// The largest body a playground route reads.
    package static let maxBodyBytes = 64 << 10
    /// The JSON limits of a body.
    package static let jsonLimits = JSONLimits(maxDepth: 8, maxInputBytes: maxBodyBytes, maxStringBytes: 16 << 10)

    /// Which board, corpus and rubric.
    package struct Assets {
        /// A rubric by name, or the default's weights with these overrides.
        package enum RubricChoice {
            case named(String)
            case weights(JSONObject)
        }

        package var keyboard = "corne"
        package var corpus = "text/en_std"
        package var rubric = RubricChoice.named("default")

        /// The rubric's name in reports: its name, or `custom` for edited weights.
        package var rubricName: String {
            if case .named(let name) = rubric { return name }
            return "custom"
        }

        var cacheKey: String {
            let rubricKey: String
            switch rubric {
            case .named(let name): rubricKey = "name:" + name
            case .weights(let object): rubricKey = "weights:" + JSONWriter.write(.object(object))
            }
            return [keyboard, corpus, rubricKey].joined(separator: "\u{0}")
        }
    }

    package let fields: JSONObject
    package let assets: Assets

    /// Parses `body`; `allowed` names the fields besides keyboard, corpus and rubric.
    package init(_ body: [UInt8], allowed: Set<String>) throws(InputError) {
        let value: JSONValue
        do { value = try JSONParser.parse(body, limits: Self.jsonLimits) } catch { throw InputError.malformedJSON("request", error) }
        guard case .object(let object) = value else { throw InputError(.invalid, source: "request", "the body must be a JSON object") }
        let known = allowed.union(["keyboard", "corpus", "rubric"])
        for (name, _) in object.members where !known.contains(name) {
            throw InputError(.invalid, source: "request", "unknown field '\(name)' (known: \(known.sorted().joined(separator: ", ")))")
        }
        fields = object
        var assets = Assets()
        if let keyboard = try Self.optionalString(object, "keyboard") { assets.keyboard = keyboard }
        if let corpus = try Self.optionalString(object, "corpus") { assets.corpus = corpus }
        switch object["rubric"] {
        case nil, .null?: break
        case .string(let name)?: assets.rubric = .named(name)
        case .object(let weights)?: assets.rubric = .weights(weights)
        case let other?: throw InputError(.invalid, source: "rubric", "must be a rubric name or an object of weights (got \(other.typeName))")
        }
        self.assets = assets
    }

    /// The string field `name`; nil when absent.
    package func string(_ name: String) throws(InputError) -> String? { try Self.optionalString(fields, name) }

    /// The string field `name`, required.
    package func requiredString(_ name: String) throws(InputError) -> String {
        guard let text = try string(name) else { throw InputError(.invalid, source: name, "is required") }
        return text
    }

    /// The number field `name`; nil when absent.
    package func double(_ name: String) throws(InputError) -> Double? {
        switch fields[name] {
        case nil, .null?: return nil
        case let value?:
            guard let number = value.doubleValue, number.isFinite else { throw InputError(.invalid, source: name, "must be a number (got \(value.typeName))") }
            return number
        }
    }

    /// The array of whole numbers `name` (key indexes); nil when absent.
    package func integers(_ name: String) throws(InputError) -> [Int]? {
        switch fields[name] {
        case nil, .null?: return nil
        case .array(let items)?:
            var numbers: [Int] = []
            for (index, item) in items.enumerated() {
                guard let number = item.int64Value, let small = Int(exactly: number) else {
                    throw InputError(.invalid, source: "\(name)[\(index)]", "must be a whole number (got \(item.typeName))")
                }
                numbers.append(small)
            }
            return numbers
        case let other?: throw InputError(.invalid, source: name, "must be an array of key indexes (got \(other.typeName))")
        }
    }

    /// The array of strings `name`; nil when absent.
    package func strings(_ name: String) throws(InputError) -> [String]? {
        switch fields[name] {
        case nil, .null?: return nil
        case .array(let items)?:
            var texts: [String] = []
            for (index, item) in items.enumerated() {
                guard case .string(let text) = item else { throw InputError(.invalid, source: "\(name)[\(index)]", "must be a string (got \(item.typeName))") }
                texts.append(text)
            }
            return texts
        case let other?: throw InputError(.invalid, source: name, "must be an array of strings (got \(other.typeName))")
        }
    }

    /// Key indexes checked against a board of `count` keys.
    package static func checkKeys(_ keys: [Int], count: Int, field: String) throws(InputError) {
        for key in keys where !(0..<count).contains(key) {
            throw InputError(.invalid, source: field, "key \(key) is not on the board (keys 0 ... \(count - 1))")
        }
    }

    private static func optionalString(_ object: JSONObject, _ name: String) throws(InputError) -> String? {
        switch object[name] {
        case nil, .null?: return nil
        case .string(let text)?:
            if text.isEmpty { throw InputError(.invalid, source: name, "must not be empty") }
            return text
        case let other?: throw InputError(.invalid, source: name, "must be a string (got \(other.typeName))")
        }
    }
}
