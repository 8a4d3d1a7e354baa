import KeyForgeCore

/// Reads a user's ZMK `.keymap` for `KeymapMerge`: the child nodes of the `compatible = "zmk,keymap"` node are
/// the layers (the first is the base), each with `bindings = < &behavior param ... >;`.
enum ZMKMerge {
    /// One binding: its tokens (the `&behavior` first, then its parameters).
    struct Binding {
        var behavior: String
        var parameters: [Range<Int>]
        var tokens: Range<Int>
    }

    static func read(_ bytes: [UInt8], source: String) throws(InputError) -> KeymapMerge.ReadKeymap {
        let scanner = try KeymapScanner(bytes, dialect: .devicetree, source: source)
        let tokens = scanner.tokens
        // The keymap node: the innermost `{` still open where `compatible = "zmk,keymap"` stands.
        var open: [Int] = []
        var keymapOpen: Int?
        for index in tokens.indices {
            if scanner.isPunctuation(index, "{") { open.append(index) }
            if scanner.isPunctuation(index, "}") { _ = open.popLast() }
            if tokens[index].kind == .string, scanner.text(tokens[index]) == "\"zmk,keymap\"",
               index >= 2, scanner.text(tokens[index - 2]) == "compatible" {
                keymapOpen = open.last
                break
            }
        }
        guard let keymapOpen, let keymapClose = scanner.closing(keymapOpen) else {
            throw InputError(.invalid, source: source, "no node with compatible = \"zmk,keymap\"")
        }
        var layers: [[KeymapMerge.ReadKey]] = []
        var index = keymapOpen + 1
        while index < keymapClose {
            // A child node: `name {` (possibly `label: name {`).
            if scanner.isPunctuation(index, "{"), let close = scanner.closing(index) {
                let layerLine = tokens[index].line
                guard let bindings = bindingsRange(scanner, index + 1..<close) else {
                    throw InputError(.invalid, source: source, "line \(layerLine): layer \(layers.count) has no `bindings = < ... >;`")
                }
                var keys: [KeymapMerge.ReadKey] = []
                for binding in try split(scanner, bindings, source: source) {
                    keys.append(KeymapMerge.ReadKey(reading: classify(scanner, binding), text: scanner.text(binding.tokens),
                                                    line: tokens[binding.tokens.lowerBound].line))
                }
                layers.append(keys)
                index = close + 1
                continue
            }
            index += 1
        }
        guard !layers.isEmpty else { throw InputError(.invalid, source: source, "the zmk,keymap node has no layers") }
        return KeymapMerge.ReadKeymap(layers: layers, baseIndex: 0, keycode: { symbol in
            KeymapVocabulary.entry(symbol).flatMap(KeymapVocabulary.zmkKeyName)
        }, format: "ZMK")
    }

    /// The tokens between `bindings = <` and its `>`.
    static func bindingsRange(_ scanner: KeymapScanner, _ range: Range<Int>) -> Range<Int>? {
        for index in range where scanner.tokens[index].kind == .word && scanner.text(scanner.tokens[index]) == "bindings" {
            guard scanner.isPunctuation(index + 1, "="), scanner.isPunctuation(index + 2, "<"),
                  let close = scanner.closing(index + 2), close < range.upperBound else { return nil }
            return index + 3..<close
        }
        return nil
    }

    /// The bindings of a `bindings` list: each starts at an `&behavior` token; parameters are words, numbers
    /// or calls such as `LS(A)`.
    static func split(_ scanner: KeymapScanner, _ range: Range<Int>, source: String) throws(InputError) -> [Binding] {
        var bindings: [Binding] = []
        var index = range.lowerBound
        while index < range.upperBound {
            let token = scanner.tokens[index]
            let text = scanner.text(token)
            guard token.kind == .word, text.hasPrefix("&"), text.count > 1 else {
                let position = bindings.count
                throw InputError(.invalid, source: source, "line \(token.line): binding \(position) of a layer starts with `\(text)`, not an &behavior")
            }
            var parameters: [Range<Int>] = []
            var next = index + 1
            while next < range.upperBound, !(scanner.tokens[next].kind == .word && scanner.text(scanner.tokens[next]).hasPrefix("&")) {
                if scanner.isPunctuation(next + 1, "("), let close = scanner.closing(next + 1), close < range.upperBound {
                    parameters.append(next..<close + 1)
                    next = close + 1
                } else {
                    parameters.append(next..<next + 1)
                    next += 1
                }
            }
            bindings.append(Binding(behavior: String(text.dropFirst()), parameters: parameters, tokens: index..<next))
            index = next
        }
        return bindings
    }

    /// A binding whose last parameter is a one-character key name (`&kp A`, `&hm LGUI A`, `&lt 1 SEMI`) types
    /// that symbol; any other binding of upper-case names and numbers (`&mo 1`, `&kp BSPC`, `&trans`) is known.
    static func classify(_ scanner: KeymapScanner, _ binding: Binding) -> KeymapMerge.Reading {
        guard let last = binding.parameters.last else { return .other }
        let token = scanner.tokens[last.lowerBound]
        let name = scanner.text(token)
        if last.count == 1, token.kind == .word, let symbol = KeymapVocabulary.zmkCharacters[name] {
            return .character(symbol: symbol, range: token.start..<token.end, wrapped: binding.behavior != "kp")
        }
        if last.count == 1 && scanner.defines.contains(name) {
            return .unknown(why: "\(name) is #defined in this file; write the key name out so it can be merged")
        }
        let isPlain = binding.parameters.allSatisfy { parameter in
            (parameter.lowerBound..<parameter.upperBound).allSatisfy { index in
                let token = scanner.tokens[index]
                return token.kind == .number || token.kind == .punctuation
                    || scanner.text(token).unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
            }
        }
        return isPlain ? .other : .unknown(why: "`\(name)` is not a ZMK key name KeyForge knows")
    }
}
