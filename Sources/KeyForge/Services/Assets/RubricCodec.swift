import KeyForgeCore
import KeyForgeWire

/// Reads a rubric file: a flat JSON object of parameter name -> number (`effort`: a list of five),
/// plus an optional `description` string. Unknown names, non-finite or out-of-range values are errors.
public enum RubricCodec {
    /// Decodes and validates; errors name `source` and the parameter.
    public static func decode(_ bytes: [UInt8], source: String) throws(InputError) -> Rubric {
        let value: JSONValue
        do { value = try JSONParser.parse(bytes) } catch { throw .malformedJSON(source, error) }
        do throws(ValidationError) {
            let fields = try JSONFields(value)
            var rubric = Rubric()
            for (name, member) in fields.object.members {
                switch name {
                case "description":
                    _ = try fields.string(name)
                case Rubric.effortName:
                    let items = try fields.array(name)
                    var efforts: [Double] = []
                    for (index, item) in items.enumerated() {
                        guard let number = item.doubleValue else {
                            throw ValidationError(field: "\(name)[\(index)]", "must be a number (got \(item.typeName))")
                        }
                        efforts.append(number)
                    }
                    try rubric.setEffort(efforts)
                default:
                    guard let number = member.doubleValue else {
                        if Rubric.names.contains(name) { throw ValidationError(field: name, "must be a number (got \(member.typeName))") }
                        try rubric.set(name, 0)  // throws the unknown-name error
                        continue
                    }
                    try rubric.set(name, number)
                }
            }
            return rubric
        } catch {
            throw .invalid(source, error)
        }
    }
}
